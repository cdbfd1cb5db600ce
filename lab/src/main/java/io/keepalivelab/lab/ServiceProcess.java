package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One service of the chain running from its runnable jar, extracted with a class-data archive where one can be
 * made ({@link ClassDataArchive}), as Spring Boot advises for production, bound to 127.0.0.1. It writes
 * the port it bound to a port file, so a service started on port 0 is found too; its output is appended
 * to {@code <service>.log} in its folder, so a restarted service continues the same log.
 */
public final class ServiceProcess implements AutoCloseable {

	/**
	 * Serial GC: on 2 cores a 256 MB heap needs no concurrent collector, whose threads cost every request CPU.
	 * One Reactor Netty event loop per service (its default is one per core, at least four): a request, its calls
	 * downstream and its answer then run on one thread, where with four loops each hop handed the call to the
	 * pooled connection's loop and the answer back, waking a thread each time. Three services share this
	 * machine's cores with the load, so one loop each takes nothing they could use; on 2 cores it cut the
	 * overhead benchmark's p50 per added hop from 1.7-2.0 ms to 0.62-0.66 ms.
	 * <p>
	 * A 48 MB young generation: a service keeps about 20 MB alive, and Serial's default young generation, a third
	 * of the heap, is touched whole between two collections. After the default demo's load the services held
	 * 226-257 MiB with 48 MB, 260-292 MiB with the default. 32 MB held 206-240 MiB, but it shortened the floor
	 * run more than the measured phase, and the reuse scenario's p50 / (predicted + floor) rose to 1.05-1.07.
	 */
	public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xmn48m", "-XX:+UseSerialGC",
			"-Dreactor.netty.ioWorkerCount=1");

	/** C1 alone reaches its speed after a thousand requests: what tests and short runs want. */
	public static final List<String> QUICK_JIT = List.of("-XX:TieredStopAtLevel=1");

	static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

	/**
	 * System properties of this JVM that the services it starts inherit when set: the tests turn Netty's leak
	 * detector up to {@code paranoid} this way; a user's run sets none, so the services keep Netty's default.
	 */
	public static final List<String> INHERITED_PROPERTIES = List.of("io.netty.leakDetection.level");

	private static final Set<Path> logs = ConcurrentHashMap.newKeySet();

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

	/** Starts {@code service} with {@code args} on a free port and waits until {@code http} finds it healthy. */
	public static ServiceProcess start(String service, Path dir, List<String> args, String scheme, HttpClient http) {
		return start(service, dir, args, scheme, http, 0);
	}

	/** Starts {@code service} on {@code port} (0 picks a free one) and waits until it is healthy. */
	public static ServiceProcess start(String service, Path dir, List<String> args, String scheme, HttpClient http,
			int port) {
		return launch(service, dir, args, scheme, port).awaitHealthy(http);
	}

	/** {@link #launch(String, Path, List, List, String, int)} with the JVM options of tests and short runs. */
	public static ServiceProcess launch(String service, Path dir, List<String> args, String scheme, int port) {
		List<String> jvm = new ArrayList<>(JVM_OPTIONS);
		jvm.addAll(QUICK_JIT);
		return launch(service, dir, jvm, args, scheme, port);
	}

	/**
	 * Starts {@code service} with {@code jvmOptions} and {@code args} on {@code port} (0 picks a free one) and
	 * returns at once, so that several services can start side by side; {@link #awaitHealthy} waits for it.
	 */
	public static ServiceProcess launch(String service, Path dir, List<String> jvmOptions, List<String> args,
			String scheme, int port) {
		Path portFile = dir.resolve(service + ".port");
		Path log = dir.resolve(service + ".log");
		List<String> command = new ArrayList<>();
		command.add(Project.java());
		command.addAll(jvmOptions);
		for (String property : INHERITED_PROPERTIES) {
			String value = System.getProperty(property);
			if (value != null) {
				command.add("-D" + property + "=" + value);
			}
		}
		command.addAll(ClassDataArchive.launchArguments(service));
		command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
				"--keepalive-lab.port-file=" + portFile));
		command.addAll(args);
		try {
			Files.createDirectories(dir);
			Files.deleteIfExists(portFile);
			logs.add(log);
			Process process = Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
			return new ServiceProcess(service, process, log, portFile, port, scheme);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the service has bound its port and {@code http} finds it healthy; stops it if it is not. */
	public ServiceProcess awaitHealthy(HttpClient http) {
		try {
			this.port = awaitPort();
			awaitHealth(http);
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	public String baseUrl() {
		return this.scheme + "://127.0.0.1:" + this.port;
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public Path log() {
		return this.log;
	}

	/** The operating system's id of the service's process. */
	public long pid() {
		return this.process.pid();
	}

	/** The log of every service this JVM started, so that tests can read them all when a class ends. */
	public static Set<Path> logs() {
		return Set.copyOf(logs);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** GETs {@code pathAndQuery} from this service; a request still unanswered after {@code timeout} fails. */
	public HttpResponse<String> get(HttpClient http, String pathAndQuery, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(timeout).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + pathAndQuery + " on " + this.name + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int awaitPort() {
		long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (Files.exists(this.portFile)) {
					String written = Files.readString(this.portFile).strip();
					if (!written.isEmpty()) {
						return Integer.parseInt(written);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			requireAlive();
			Processes.pause(Duration.ofMillis(100));
		}
		throw new IllegalStateException(this.name + " did not bind a port within " + STARTUP_LIMIT.toSeconds() + " s; see "
				+ this.log + ":\n" + Processes.tail(this.log));
	}

	private void awaitHealth(HttpClient http) {
		HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Processes.awaitAnswer(this.name, this.process, this.log, http, health, STARTUP_LIMIT);
	}

	private void requireAlive() {
		Processes.requireAlive(this.name, this.process, this.log);
	}

	/** Kills the service at once, as a crash would. */
	public void kill() {
		Processes.kill(this.process);
	}

	/** Sends SIGTERM, as an orchestrator stopping the service does, and returns without waiting. */
	public void terminate() {
		this.process.destroy();
	}

	/** Waits up to {@code limit} for the process to exit and returns its exit code. */
	public int awaitExit(Duration limit) {
		try {
			if (!this.process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this.name + " still running " + limit + " after it was asked to stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Processes.forget(this.process);
		return this.process.exitValue();
	}

	Process process() {
		return this.process;
	}

	@Override
	public void close() {
		Processes.stop(List.of(this.process));
		try {
			Files.deleteIfExists(this.portFile);
		}
		catch (IOException ignored) {
			// a stale port file is deleted before the next start anyway
		}
	}

}
