package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * Every process the lab starts, so that none outlives the JVM that started it: stopped by their owners on
 * success and failure, and by a shutdown hook on Ctrl-C or when a test run ends early.
 */
public final class Processes {

	/** How long a process may take to exit after SIGTERM before it is killed. */
	static final Duration STOP_LIMIT = Duration.ofSeconds(10);

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(List.copyOf(running)), "lab-processes-shutdown"));
	}

	private Processes() {
	}

	/** Starts {@code builder}'s process and keeps it until {@link #stop} ends it. */
	static Process start(ProcessBuilder builder) throws IOException {
		Process process = builder.start();
		running.add(process);
		return process;
	}

	/** SIGTERM to all at once, as a supervisor stops a group; SIGKILL to those still running after the limit. */
	static void stop(List<Process> processes) {
		processes.forEach(Process::destroy);
		long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
		for (Process process : processes) {
			if (!waitFor(process, deadline - System.nanoTime())) {
				process.destroyForcibly();
				waitFor(process, TimeUnit.SECONDS.toNanos(5));
			}
			running.remove(process);
		}
	}

	/** SIGKILL, as a crash would. */
	static void kill(Process process) {
		process.destroyForcibly();
		waitFor(process, TimeUnit.SECONDS.toNanos(10));
		running.remove(process);
	}

	static void forget(Process process) {
		running.remove(process);
	}

	private static boolean waitFor(Process process, long nanos) {
		try {
			return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Waits until {@code process} answers {@code request} with a 200, within {@code limit}; fails at once if
	 * the process exits first, with the end of its log.
	 */
	static void awaitAnswer(String name, Process process, Path log, HttpClient http, HttpRequest request,
			Duration limit) {
		awaitAnswer(limit, Duration.ofMillis(100),
				() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
				() -> requireAlive(name, process, log), () -> name + " did not answer " + request.uri().getPath()
						+ " within " + limit.toSeconds() + " s; see " + log + ":\n" + tail(log));
	}

	/** One try at an answer: whether it came, a 200; an I/O failure means not yet. */
	interface Answer {

		boolean came() throws IOException, InterruptedException;

	}

	/**
	 * Tries {@code answer} every {@code pause} until it comes, within {@code limit}; after each try that failed,
	 * {@code stillStarting} throws if what is starting has died. Fails with {@code timeout}'s message after the limit.
	 */
	static void awaitAnswer(Duration limit, Duration pause, Answer answer, Runnable stillStarting,
			Supplier<String> timeout) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (answer.came()) {
					return;
				}
			}
			catch (IOException | UncheckedIOException notYet) {
				// still starting
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			stillStarting.run();
			pause(pause);
		}
		throw new IllegalStateException(timeout.get());
	}

	/** Fails with the end of its log if {@code process} has exited. */
	static void requireAlive(String name, Process process, Path log) {
		if (!process.isAlive()) {
			throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log + ":\n"
					+ tail(log));
		}
	}

	/** The last lines of a log, for a message about a process that failed. */
	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log + ")";
		}
	}

	/** Waits a little between two looks at something that is not ready yet. */
	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
