package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service of the chain running from its runnable jar, as users run it, on a random port. Started
 * and stopped by the tests; never outlives them.
 */
final class ServiceProcess implements AutoCloseable {

	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

	private final String name;

	private final Process process;

	private final Path log;

	private final Path portFile;

	private final String scheme;

	private volatile int port;

	private ServiceProcess(String name, Process process, Path log, Path portFile, int port, String scheme) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.portFile = portFile;
		this.port = port;
		this.scheme = scheme;
	}

	/**
	 * Starts {@code service} with {@code args} and waits until {@code http} finds it healthy over
	 * {@code scheme}.
	 */
	static ServiceProcess start(String service, Path workDir, List<String> args, String scheme, HttpClient http) {
		return start(service, workDir, args, scheme, http, 0);
	}

	/** Starts {@code service} on {@code port}; 0 picks a free one. */
	static ServiceProcess start(String service, Path workDir, List<String> args, String scheme, HttpClient http,
			int port) {
		return launch(service, workDir, args, scheme, port).awaitHealthy(http);
	}

	/**
	 * Starts {@code service} on {@code port} (0 picks a free one) and returns at once, so that several
	 * services can start side by side; {@link #awaitHealthy} waits for it.
	 */
	static ServiceProcess launch(String service, Path workDir, List<String> args, String scheme, int port) {
		Path root = Path.of(System.getProperty("keepalive-lab.root", ".."));
		String version = System.getProperty("keepalive-lab.version", "0.1.0-SNAPSHOT");
		Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No runnable jar at " + jar + ": build the services first (./mvnw package)");
		}
		Path portFile = workDir.resolve(service + ".port");
		Path log = workDir.resolve(service + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port,
				"--keepalive-lab.port-file=" + portFile));
		command.addAll(args);
		try {
			Files.createDirectories(workDir);
			Files.deleteIfExists(portFile);
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new ServiceProcess(service, process, log, portFile, port, scheme);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the service has bound its port and {@code http} finds it healthy; stops it if it is not. */
	ServiceProcess awaitHealthy(HttpClient http) {
		try {
			port = awaitPort();
			awaitHealth(http);
			return this;
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** A port free now, for a service whose callers must know its address before it has started. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return scheme + "://127.0.0.1:" + port;
	}

	String name() {
		return name;
	}

	int port() {
		return port;
	}

	/** GETs {@code pathAndQuery} from this service with {@code http}; a request still unanswered after {@code timeout} fails. */
	HttpResponse<String> get(HttpClient http, String pathAndQuery, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(timeout).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + pathAndQuery + " on " + name + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int awaitPort() throws IOException {
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(portFile)) {
				return Integer.parseInt(Files.readString(portFile).strip());
			}
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(log));
			}
			pause();
		}
		throw new IllegalStateException(name + " did not bind a port within " + STARTUP_LIMIT + ":\n" + tail(log));
	}

	private void awaitHealth(HttpClient http) throws IOException {
		HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// the server is still starting
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(log));
			}
			pause();
		}
		throw new IllegalStateException(name + " was not healthy within " + STARTUP_LIMIT + ":\n" + tail(log));
	}

	/** Kills the service at once, as a crash would. */
	void kill() {
		process.destroyForcibly();
		waitFor(10);
	}

	/** Sends SIGTERM, as an orchestrator stopping the service does, and returns without waiting. */
	void terminate() {
		process.destroy();
	}

	/** Waits up to {@code limit} for the process to exit and returns its exit code. */
	int awaitExit(Duration limit) {
		if (!waitFor((int) limit.toSeconds())) {
			throw new IllegalStateException(name + " still running " + limit + " after it was asked to stop");
		}
		return process.exitValue();
	}

	@Override
	public void close() {
		process.destroy();
		if (!waitFor(20)) {
			process.destroyForcibly();
			waitFor(10);
		}
	}

	private boolean waitFor(int seconds) {
		try {
			return process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}
}
