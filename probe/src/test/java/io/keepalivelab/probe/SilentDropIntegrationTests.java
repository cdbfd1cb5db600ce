package io.keepalivelab.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

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
		try (ForgetfulServer server = new ForgetfulServer(FORGETS_AFTER)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/", "--timeout", "1s");

			assertThat(report.requestLimit().closed()).isFalse();
			assertIdleTimeout(report, FORGETS_AFTER, CloseKind.SILENT);
			assertThat(report.recommendation().reasons()).anyMatch((reason) -> reason.contains("responseTimeout"));
		}
	}

	/** HTTP/1.1 keep-alive with Content-Length; a connection idle too long is kept open but never read again. */
	static final class ForgetfulServer extends RawHttpServer {

		private final Duration forgetsAfter;

		ForgetfulServer(Duration forgetsAfter) throws IOException {
			super("forgetful-server");
			this.forgetsAfter = forgetsAfter;
		}

		@Override
		void serve(Socket connection) {
			try {
				connection.setSoTimeout(Math.toIntExact(this.forgetsAfter.toMillis()));
				BufferedReader in = new BufferedReader(
						new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.isEmpty()) { // end of a request's headers
						connection.getOutputStream()
							.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
					}
				}
			}
			catch (SocketTimeoutException idleTooLong) {
				// forget the connection: no answer, no FIN, until the test closes it
			}
			catch (IOException closed) {
				// the client went away
			}
		}

	}

}
