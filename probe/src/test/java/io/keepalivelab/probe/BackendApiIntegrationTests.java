package io.keepalivelab.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe against the project's own backend-api, run from its executable jar with Boot's
 * {@code server.netty.idle-timeout} and {@code server.netty.max-keep-alive-requests} set.
 */
class BackendApiIntegrationTests {

	private static final Path JAR = Path.of("../backend-api/target/backend-api-0.1.0-SNAPSHOT-exec.jar");

	private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

	private static final int MAX_KEEP_ALIVE_REQUESTS = 5;

	static Process backend;

	static int port;

	@BeforeAll
	static void startBackend() throws Exception {
		assumeTrue(Files.isRegularFile(JAR), "backend-api is not built: no " + JAR.toAbsolutePath().normalize()
				+ " (./mvnw -pl backend-api -am package -DskipTests)");
		backend = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				JAR.toString(), "--server.port=0", "--server.netty.idle-timeout=" + IDLE_TIMEOUT.toMillis() + "ms",
				"--server.netty.max-keep-alive-requests=" + MAX_KEEP_ALIVE_REQUESTS)
			.redirectErrorStream(true)
			.start();
		port = awaitPort(backend).get(60, TimeUnit.SECONDS);
	}

	@AfterAll
	static void stopBackend() throws InterruptedException {
		if (backend != null) {
			backend.destroy();
			backend.waitFor(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void findsIdleTimeoutAndMaxKeepAliveRequests() {
		ProbeReport report = ProbeRun.report("http://127.0.0.1:" + port + "/work?workMs=0");

		assertRequestLimit(report, MAX_KEEP_ALIVE_REQUESTS);
		assertIdleTimeout(report, IDLE_TIMEOUT, CloseKind.FIN);
	}

	/** Reads the log until Boot names its port, and keeps draining it so that the backend never blocks on it. */
	private static CompletableFuture<Integer> awaitPort(Process process) {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader log = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = log.readLine(); line != null; line = log.readLine()) {
					Matcher started = STARTED.matcher(line);
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
