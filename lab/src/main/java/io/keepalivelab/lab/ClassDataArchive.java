package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's runnable jar extracted, with a class-data-sharing archive of the classes it loads while it
 * starts: the JVM maps those instead of finding, parsing and verifying them one by one, which takes about
 * half off a service's start-up CPU (measured to context refresh on 2 cores: 5.3-6.3 s to 2.8-3.8 s). A
 * chain starts three services on two cores, and the tests and the demo start dozens of chains, so it adds
 * up to minutes.
 * <p>
 * The archive is made once per build of the jar and per JVM, by a training run that starts the service and
 * exits once its context is refreshed (Spring Boot's {@code spring.context.exit=onRefresh}); it lives in
 * {@code <module>/target/cds}. Where it cannot be made the service starts from its jar as before: the
 * archive only saves time, it changes nothing the service does.
 */
final class ClassDataArchive {

	private static final String STAMP = "made-from.txt";

	private static final long TRAINING_LIMIT_SECONDS = 180;

	/** Modules whose archive failed this run: trained once, not again for every chain. */
	private static final Set<String> failed = ConcurrentHashMap.newKeySet();

	private ClassDataArchive() {
	}

	/**
	 * The JVM arguments that run {@code module}: its extracted jar with the archive when one is ready or can
	 * be made now, otherwise its runnable jar.
	 */
	static List<String> launchArguments(String module) {
		Path jar = Project.runnableJar(module);
		Path dir = jar.getParent().resolve("cds");
		if (!failed.contains(module)) {
			try {
				synchronized (lockOf(module)) {
					if (!isCurrent(dir, jar)) {
						make(module, jar, dir);
					}
				}
				return List.of("-XX:SharedArchiveFile=" + dir.resolve(module + ".jsa"), "-jar",
						dir.resolve("app").resolve(jar.getFileName()).toString());
			}
			catch (IOException | RuntimeException ex) {
				failed.add(module);
				System.err.println("[lab] no class-data archive for " + module + " (" + ex.getMessage()
						+ "); it starts from its jar, only more slowly");
			}
		}
		return List.of("-jar", jar.toString());
	}

	/** Makes the archives of {@code modules} side by side, so that a chain's first start waits for one training run. */
	static void prepare(List<String> modules) {
		List<Thread> makers = new ArrayList<>();
		for (String module : modules) {
			Thread maker = new Thread(() -> launchArguments(module), "class-data-archive-" + module);
			maker.start();
			makers.add(maker);
		}
		for (Thread maker : makers) {
			try {
				maker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

	private static Object lockOf(String module) {
		return locks.computeIfAbsent(module, (name) -> new Object());
	}

	/** The jar it was made from and the JVM that made it: an archive only maps into the JVM that wrote it. */
	private static String stampOf(Path jar) throws IOException {
		return jar.getFileName() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " "
				+ System.getProperty("java.home") + " " + System.getProperty("java.vm.version");
	}

	private static boolean isCurrent(Path dir, Path jar) throws IOException {
		Path stamp = dir.resolve(STAMP);
		return Files.isRegularFile(stamp) && Files.readString(stamp).equals(stampOf(jar));
	}

	/**
	 * Extracts the jar and trains the archive in place: an archive maps only with the class path it was made
	 * with. A file lock keeps two processes from making it at once; the stamp, written last, says it is whole.
	 */
	private static void make(String module, Path jar, Path dir) throws IOException {
		try (FileChannel channel = FileChannel.open(jar.getParent().resolve("cds.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			if (isCurrent(dir, jar)) {
				return;
			}
			delete(dir);
			Files.createDirectories(dir);
			Path app = dir.resolve("app");
			try {
				run(List.of(Project.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
						app.toString()), dir.resolve("extract.log"), module + ": extracting its jar");
				List<String> training = new ArrayList<>(List.of(Project.java()));
				// the options of tests and short runs: an archive maps into a JVM whatever its heap, GC or JIT
				training.addAll(ServiceProcess.JVM_OPTIONS);
				training.addAll(ServiceProcess.QUICK_JIT);
				training.addAll(List.of("-XX:ArchiveClassesAtExit=" + dir.resolve(module + ".jsa"),
						"-Dspring.context.exit=onRefresh", "-jar", app.resolve(jar.getFileName()).toString(),
						"--server.address=127.0.0.1", "--server.port=0"));
				run(training, dir.resolve("training.log"), module + ": training run");
				if (!Files.isRegularFile(dir.resolve(module + ".jsa"))) {
					throw new IOException("the training run wrote no archive:\n" + Processes.tail(dir.resolve("training.log")));
				}
				Files.writeString(dir.resolve(STAMP), stampOf(jar));
			}
			catch (IOException | RuntimeException ex) {
				delete(dir);
				throw ex;
			}
		}
	}

	private static void run(List<String> command, Path log, String what) throws IOException {
		Process process = Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile()));
		try {
			if (!process.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
				Processes.kill(process);
				throw new IOException(what + " still running after " + TRAINING_LIMIT_SECONDS + " s");
			}
			Processes.forget(process);
			if (process.exitValue() != 0) {
				throw new IOException(what + " exited with " + process.exitValue() + ":\n" + Processes.tail(log));
			}
		}
		catch (InterruptedException ex) {
			Processes.kill(process);
			Thread.currentThread().interrupt();
			throw new IOException(what + " interrupted", ex);
		}
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

}
