package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleBracket;
import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server whose polite close crosses the probe's request: its idle timeout is on the probe's
 * ladder (1 s), so the connection reused after exactly that gap fails with a reset, although every idle connection
 * the server closes sees a FIN. The probe must not call that server's close a reset.
 */
class CrossedCloseIntegrationTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration LATE = Duration.ofMillis(300);

	@Test
	void confirmsAPoliteCloseThatAReusedConnectionSawAsAReset() throws IOException {
		try (ScriptedHttpServer server = lateClosingServer(IDLE_TIMEOUT)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/");

			assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
		}
	}

	@Test
	void saysTheResetIsNotConfirmedWhenNoConnectionCanIdlePastTheBracket() throws IOException {
		try (ScriptedHttpServer server = lateClosingServer(IDLE_TIMEOUT)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/", "--max-idle", "1.2s");

			assertIdleBracket(report, IDLE_TIMEOUT);
			IdleTimeout idle = report.idleTimeout();
			assertThat(idle.close()).as("close of %s", idle).isEqualTo(CloseKind.RESET);
			assertThat(idle.closeConfirmed()).as("close kind confirmed in %s", idle).isFalse();
			assertThat(report.recommendation().reasons()).anyMatch((reason) -> reason.contains("(not confirmed)"));
		}
	}

	/**
	 * HTTP/1.1 keep-alive whose idle timer fires on time but gets to close the connection only {@link #LATE} after,
	 * as a busy event loop does. A client that listens sees a FIN then; a request that arrives in between is not
	 * answered, and the connection is reset, as the kernel does when a server such as Netty closes a socket with a
	 * request unread (Java's Socket would send a FIN first, so this one resets explicitly).
	 */
	private static ScriptedHttpServer lateClosingServer(Duration idleTimeout) throws IOException {
		return ScriptedHttpServer
			.with(request -> (request.idle().compareTo(idleTimeout) >= 0) ? Action.reset() : Action.answer())
			.idleTimeout(idleTimeout.plus(LATE), Unanswered.CLOSE)
			.start();
	}

}
