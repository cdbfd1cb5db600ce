package io.keepalivelab.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe against the project's own backend-api, run from its executable jar on each server stack with the
 * stack's own Boot properties for the idle timeout and the request limit set. The timeout is not a whole number of
 * seconds: Tomcat checks idle connections about once a second, and with a whole second the check falls on the
 * timeout, so a probe that measured the check would pass.
 */
class BackendApiIntegrationTests {

	private static final Path JAR = Path.of("../backend-api/target/backend-api-0.1.0-SNAPSHOT-exec.jar");

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);

	private static final int MAX_KEEP_ALIVE_REQUESTS = 7;

	/** A server stack of the services: its profile, the line that names its port, its Boot properties. */
	enum Stack {

		NETTY("Netty", "server.netty.idle-timeout", "server.netty.max-keep-alive-requests", false),

		TOMCAT("Tomcat", "server.tomcat.keep-alive-timeout", "server.tomcat.max-keep-alive-requests", true);

		final Pattern started;

		final String idleTimeout;

		final String maxKeepAliveRequests;

		/** Whether the server closes idle connections in periodic checks rather than on a clock per connection. */
		final boolean periodic;

		Stack(String server, String idleTimeout, String maxKeepAliveRequests, boolean periodic) {
			this.started = Pattern.compile(server + " started on port (\\d+)");
			this.idleTimeout = idleTimeout;
			this.maxKeepAliveRequests = maxKeepAliveRequests;
			this.periodic = periodic;
		}

		String profile() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Stack.class)
	void findsIdleTimeoutAndMaxKeepAliveRequests(Stack stack) throws Exception {
		assumeTrue(Files.isRegularFile(JAR), "backend-api is not built: no " + JAR.toAbsolutePath().normalize()
				+ " (./mvnw -pl backend-api -am package -DskipTests)");
		Process backend = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				JAR.toString(), "--spring.profiles.active=" + stack.profile(), "--server.port=0",
				"--" + stack.idleTimeout + "=" + IDLE_TIMEOUT.toMillis() + "ms",
				"--" + stack.maxKeepAliveRequests + "=" + MAX_KEEP_ALIVE_REQUESTS)
			.redirectErrorStream(true)
			.start();
		try {
			int port = awaitPort(backend, stack.started).get(60, TimeUnit.SECONDS);

			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + port + "/work?workMs=0");

			assertRequestLimit(report, MAX_KEEP_ALIVE_REQUESTS);
			assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
			if (stack.periodic) {
				assertThat(report.idleTimeout().periodic()).as("periodic in %s", report.idleTimeout()).isTrue();
			}
		}
		finally {
			backend.destroy();
			if (!backend.waitFor(20, TimeUnit.SECONDS)) {
				backend.destroyForcibly();
			}
		}
	}

	/** Reads the log until Boot names its port, and keeps draining it so that the backend never blocks on it. */
	private static CompletableFuture<Integer> awaitPort(Process process, Pattern startedLine) {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader log = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = log.readLine(); line != null; line = log.readLine()) {
					Matcher started = startedLine.matcher(line);
					if (started.find()) {
						port.complete(Integer.valueOf(started.group(1)));
					}
				}
				port.completeExceptionally(new IllegalStateException("backend-api exited before it started"));
			}
			catch (IOException ex) {
				port.completeExceptionally(ex);
			}
		}, "backend-api-log");
		reader.setDaemon(true);
		reader.start();
		return port;
	}

}
