package io.keepalivelab.probe;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import io.keepalivelab.probe.ProbeReport.KeepAlive;

import static io.keepalivelab.probe.ProbeAssertions.assertHttp2Idle;
import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertNoConnectionAge;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a Reactor Netty server configured as the project's backend is (Boot's
 * {@code server.netty.idle-timeout} and {@code server.netty.max-keep-alive-requests}).
 */
class ReactorNettyServerIntegrationTests {

	@ParameterizedTest(name = "idleTimeout {0} ms, maxKeepAliveRequests {1}, h2c {2}")
	@CsvSource({ "1000, 5, false", "3000, 20, true" })
	void findsIdleTimeoutAndRequestLimit(long idleMillis, int maxKeepAliveRequests, boolean h2c) {
		Duration idleTimeout = Duration.ofMillis(idleMillis);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.idleTimeout(idleTimeout)
			.maxKeepAliveRequests(maxKeepAliveRequests)
			.protocol(h2c ? new HttpProtocol[] { HttpProtocol.HTTP11, HttpProtocol.H2C }
					: new HttpProtocol[] { HttpProtocol.HTTP11 })
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow();
		try {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/");

			// Reactor Netty answers HTTP/1.0 with a body delimited by closing, even to Connection: keep-alive
			assertThat(report.keepAlive()).extracting(KeepAlive::reused).containsExactly(true, false, false);
			assertThat(report.http2().h2cUpgrade()).isEqualTo(h2c);
			assertThat(report.http2().h2cPriorKnowledge()).isEqualTo(h2c);
			assertRequestLimit(report, maxKeepAliveRequests);
			assertIdleTimeout(report, idleTimeout, CloseKind.FIN);
			assertNoConnectionAge(report);
			if (h2c) {
				assertHttp2Idle(report, idleTimeout);
			}
			else {
				assertThat(report.http2Idle()).isNull();
			}
		}
		finally {
			server.disposeNow();
		}
	}

}
