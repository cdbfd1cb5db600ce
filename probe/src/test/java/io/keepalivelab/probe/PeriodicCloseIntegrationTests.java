package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server that closes idle connections in a periodic check, as Tomcat's connector does about once
 * a second: a connection idle past the timeout is closed at the next check and serves requests until then. The probe
 * used to report the check instead of the timeout whenever the check fell late (this server's 1.3 s read as "closed
 * between 2.001 s and 2.041 s" in two runs out of four).
 */
class PeriodicCloseIntegrationTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1300);

	private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);

	@Test
	void bracketsTheTimeoutNotTheCheckThatEnforcesIt() throws IOException {
		try (ScriptedHttpServer server = periodicallyClosingServer(IDLE_TIMEOUT, CHECK_PERIOD)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/");

			assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
			assertThat(report.idleTimeout().periodic()).as("periodic in %s", report.idleTimeout()).isTrue();
			assertThat(report.recommendation().reasons()).anyMatch((reason) -> reason.contains("periodic checks"));
		}
	}

	/**
	 * HTTP/1.1 keep-alive with Content-Length; a timer of its own, not the clients' traffic, runs the check, so the
	 * check falls anywhere in a connection's idle time.
	 */
	private static ScriptedHttpServer periodicallyClosingServer(Duration idleTimeout, Duration period)
			throws IOException {
		return ScriptedHttpServer.with(request -> Action.answer()).idleCheck(idleTimeout, period).start();
	}

}
