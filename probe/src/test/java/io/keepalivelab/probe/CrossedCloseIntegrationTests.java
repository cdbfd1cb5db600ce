package io.keepalivelab.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;

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

	@Test
	void confirmsAPoliteCloseThatAReusedConnectionSawAsAReset() throws IOException {
		try (LateClosingServer server = new LateClosingServer(IDLE_TIMEOUT)) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + server.port() + "/");

			assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
		}
	}

	@Test
	void saysTheResetIsNotConfirmedWhenNoConnectionCanIdlePastTheBracket() throws IOException {
		try (LateClosingServer server = new LateClosingServer(IDLE_TIMEOUT)) {
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
	 * as a busy event loop does. A client that listens sees a FIN then; a request that arrives in between is never
	 * read, and the connection is reset, as the kernel does when a server such as Netty closes a socket with a
	 * request unread (Java's Socket would send a FIN first, so this one resets explicitly).
	 */
	static final class LateClosingServer extends RawHttpServer {

		private static final Duration LATE = Duration.ofMillis(300);

		private static final int END_OF_HEADERS = 0x0d0a0d0a; // CR LF CR LF

		private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
			.getBytes(StandardCharsets.ISO_8859_1);

		private final Duration idleTimeout;

		LateClosingServer(Duration idleTimeout) throws IOException {
			super("late-closing-server");
			this.idleTimeout = idleTimeout;
		}

		@Override
		void serve(Socket connection) {
			try (connection) {
				connection.setSoTimeout(Math.toIntExact(this.idleTimeout.plus(LATE).toMillis()));
				InputStream in = connection.getInputStream(); // unbuffered: what is not read stays in the kernel
				long idleSince = System.nanoTime();
				for (int first = in.read(); first != -1; first = in.read()) {
					if (System.nanoTime() - idleSince >= this.idleTimeout.toNanos()) {
						connection.setSoLinger(true, 0); // the timer has fired: close with this request unread, RST
						return;
					}
					skipHeaders(in, first);
					idleSince = System.nanoTime(); // before responding: the client's idle clock must not start first
					connection.getOutputStream().write(OK);
				}
			}
			catch (SocketTimeoutException idle) {
				// closed with nothing unread: a FIN
			}
			catch (IOException closed) {
				// the client went away
			}
		}

		/** Reads up to the blank line that ends a request's headers (the probe's requests have no body). */
		private static void skipHeaders(InputStream in, int first) throws IOException {
			for (int lastFour = first; lastFour != END_OF_HEADERS;) {
				int next = in.read();
				if (next == -1) {
					throw new EOFException();
				}
				lastFour = (lastFour << 8) | next;
			}
		}

	}

}
