package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against servers that announce their policy in a {@code Keep-Alive} header, once truthfully and once
 * saying more than they keep, as a server behind a proxy with shorter limits may.
 */
class KeepAliveHeaderIntegrationTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

	private static final int MAX_REQUESTS = 5;

	@Test
	void headerThatTellsTheTruthAgrees() throws IOException {
		try (ScriptedHttpServer server = announcing("timeout=1, max=5")) {
			ProbeReport report = ProbeRun.report(server.baseUrl() + "/");

			assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
			assertRequestLimit(report, MAX_REQUESTS);
			KeepAliveHeader header = report.keepAliveHeader();
			assertThat(header.timeoutSeconds()).isEqualTo(1.0);
			assertThat(header.max()).isEqualTo(5);
			assertThat(header.timeout()).isEqualTo(Agreement.AGREES);
			assertThat(header.maxRequests()).isEqualTo(Agreement.AGREES);
		}
	}

	@Test
	void headerThatSaysMoreThanTheServerKeepsIsFlagged() throws IOException {
		try (ScriptedHttpServer server = announcing("timeout=10, max=50")) {
			ProbeReport report = ProbeRun.report(server.baseUrl() + "/");

			KeepAliveHeader header = report.keepAliveHeader();
			assertThat(header.timeout()).as("%s", header).isEqualTo(Agreement.OVERSTATES);
			assertThat(header.maxRequests()).as("%s", header).isEqualTo(Agreement.OVERSTATES);
			assertThat(report.recommendation().reasons())
				.anyMatch((reason) -> reason.startsWith("The server announces Keep-Alive: timeout=10, max=50 but closed"))
				.anyMatch((reason) -> reason.contains("but ended a connection after 5 requests"));
		}
	}

	/**
	 * HTTP/1.1 keep-alive that closes a connection idle for {@link #IDLE_TIMEOUT} (FIN) and announces the close on
	 * the {@link #MAX_REQUESTS}th response, and says {@code Keep-Alive: announced} on every other one.
	 */
	private static ScriptedHttpServer announcing(String announced) throws IOException {
		String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n";
		return ScriptedHttpServer
			.with((request) -> (request.onConnection() >= MAX_REQUESTS)
					? Action.raw(ok + "Connection: close\r\n\r\nok").thenClose()
					: Action.raw(ok + "Keep-Alive: " + announced + "\r\n\r\nok"))
			.idleTimeout(IDLE_TIMEOUT, Unanswered.CLOSE)
			.start();
	}

}
