package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server that forgets idle connections without telling the client, as a NAT or a firewall does:
 * after the idle timeout it neither answers nor closes. The probe must call that a silent drop, not a polite close.
 */
class SilentDropIntegrationTests {

	private static final Duration FORGETS_AFTER = Duration.ofMillis(1500);

	@Test
	void findsIdleTimeoutOfASilentDrop() throws IOException {
		try (ScriptedHttpServer server = forgetfulServer(FORGETS_AFTER)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/", "--timeout", "1s");

			assertThat(report.requestLimit().closed()).isFalse();
			assertIdleTimeout(report, FORGETS_AFTER, CloseKind.SILENT);
			assertThat(report.recommendation().reasons()).anyMatch((reason) -> reason.contains("responseTimeout"));
		}
	}

	/** HTTP/1.1 keep-alive with Content-Length; a connection idle too long is kept open but never answered again. */
	private static ScriptedHttpServer forgetfulServer(Duration forgetsAfter) throws IOException {
		return ScriptedHttpServer.with(request -> Action.answer()).idleTimeout(forgetsAfter, Unanswered.HANG).start();
	}

}
