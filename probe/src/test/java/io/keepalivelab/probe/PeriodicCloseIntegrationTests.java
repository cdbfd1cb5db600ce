package io.keepalivelab.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

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
		try (PeriodicallyClosingServer server = new PeriodicallyClosingServer(IDLE_TIMEOUT, CHECK_PERIOD)) {
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
	static final class PeriodicallyClosingServer extends RawHttpServer {

		private final Duration idleTimeout;

		private final Map<Socket, Long> idleSince = new ConcurrentHashMap<>();

		private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor((check) -> {
			Thread thread = new Thread(check, "idle-check");
			thread.setDaemon(true);
			return thread;
		});

		PeriodicallyClosingServer(Duration idleTimeout, Duration period) throws IOException {
			super("periodically-closing-server");
			this.idleTimeout = idleTimeout;
			this.checks.scheduleAtFixedRate(this::closeIdle, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
		}

		@Override
		void serve(Socket connection) {
			try (connection) {
				this.idleSince.put(connection, System.nanoTime());
				BufferedReader in = new BufferedReader(
						new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.isEmpty()) { // end of a request's headers
						connection.getOutputStream()
							.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
						this.idleSince.put(connection, System.nanoTime());
					}
				}
			}
			catch (IOException closed) {
				// closed by the check, or the client went away
			}
			finally {
				this.idleSince.remove(connection);
			}
		}

		private void closeIdle() {
			long now = System.nanoTime();
			this.idleSince.forEach((connection, since) -> {
				if (now - since > this.idleTimeout.toNanos() && this.idleSince.remove(connection, since)) {
					try {
						connection.close();
					}
					catch (IOException ignored) {
						// already gone
					}
				}
			});
		}

		@Override
		public void close() throws IOException {
			this.checks.shutdownNow();
			super.close();
		}

	}

}
