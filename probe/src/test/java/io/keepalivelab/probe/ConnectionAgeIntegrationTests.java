package io.keepalivelab.probe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static io.keepalivelab.probe.ProbeAssertions.assertConnectionAge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server that closes every connection at a given age, busy or not, without announcing it, as
 * Envoy's max_connection_duration may: Reactor Netty has no such setting, so this server closes each channel from a
 * timer started when the connection is accepted.
 */
class ConnectionAgeIntegrationTests {

	private static final Duration MAX_AGE = Duration.ofMillis(2500);

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

	@Test
	void findsAnUnannouncedMaximumAge() {
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.idleTimeout(IDLE_TIMEOUT)
			.doOnChannelInit((observer, channel, remote) -> channel.eventLoop()
				.schedule(() -> channel.close(), MAX_AGE.toMillis(), TimeUnit.MILLISECONDS))
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow();
		try {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/", "--max-age", "6s");

			assertConnectionAge(report, MAX_AGE);
			assertThat(report.connectionAge().announced()).as("%s", report.connectionAge()).isFalse();
			assertThat(report.recommendation().code()).contains(".maxLifeTime(Duration.ofMillis(");
		}
		finally {
			server.disposeNow();
		}
	}

}
