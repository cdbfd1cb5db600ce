package io.keepalivelab.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import io.keepalivelab.probe.ProbeReport.TlsVersion;
import io.keepalivelab.testsupport.Certificates;

import static io.keepalivelab.probe.ProbeAssertions.assertHttp2Idle;
import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The probe against an HTTPS server with a certificate from a throwaway CA (SAN for localhost and 127.0.0.1) that
 * speaks h2 and HTTP/1.1 over TLS 1.3 only: trust, ALPN, TLS versions, and the measurements over TLS.
 */
class TlsIntegrationTests {

	/** Quiet about the TLS 1.2 handshake that the probe provokes and the server refuses, as it should. */
	private static final Logger ALPN_LOG = quiet("io.netty.handler.ssl.ApplicationProtocolNegotiationHandler");

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

	private static final int MAX_KEEP_ALIVE_REQUESTS = 5;

	@TempDir
	static Path dir;

	static Path ca;

	static DisposableServer server;

	static String url;

	@BeforeAll
	static void startServer() {
		Certificates.make(dir);
		ca = dir.resolve("ca.pem");
		server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
			.secure((spec) -> spec.sslContext(Http2SslContextSpec.forServer(Certificates.serverKey(dir), Certificates.serverChain(dir))
				.configure((builder) -> builder.protocols("TLSv1.3"))))
			.idleTimeout(IDLE_TIMEOUT)
			.maxKeepAliveRequests(MAX_KEEP_ALIVE_REQUESTS)
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow();
		url = "https://localhost:" + server.port() + "/";
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.disposeNow();
		}
	}

	@Test
	void untrustedCertificateExitsWithTlsFailure() {
		ProbeRun run = ProbeRun.of(url);

		assertThat(run.exitCode()).isEqualTo(Failure.TLS.exitCode);
		assertThat(run.err()).contains("TLS handshake with localhost:" + server.port() + " failed").contains("--ca");
	}

	@Test
	void trustedCaGivesAlpnTlsVersionsAndMeasurements() {
		ProbeReport report = ProbeRun.report(url, "--ca", ca.toString());

		assertThat(report.http2().alpn()).isEqualTo("h2");
		assertThat(report.tlsVersions()).extracting(TlsVersion::version, TlsVersion::accepted)
			.containsExactly(tuple("TLSv1.2", false), tuple("TLSv1.3", true));
		assertThat(report.cost().tlsHandshakeMillis()).isPositive();
		assertRequestLimit(report, MAX_KEEP_ALIVE_REQUESTS);
		assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
		assertThat(report.http2Idle().protocol()).isEqualTo("h2");
		assertHttp2Idle(report, IDLE_TIMEOUT);
	}

	@Test
	void insecureSkipsVerificationWithAWarning() {
		ProbeRun run = ProbeRun.of("--insecure", "--max-idle", "1s", "--max-requests", "10", url);

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.err()).contains("WARNING: --insecure");
		assertThat(run.out()).contains("TLSv1.3").contains("server chose h2");
	}

	private static Logger quiet(String name) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.OFF);
		return logger;
	}

}
