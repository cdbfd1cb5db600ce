package io.keepalivelab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} tells of a running process: its resident memory, threads and open file descriptors.
 *
 * @param rssMb resident memory in MiB ({@code VmRSS})
 * @param threads the process's threads
 * @param fds its open file descriptors
 */
record ProcStatus(double rssMb, int threads, int fds) {

	private static final Pattern RSS_KB = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");

	private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)$");

	/**
	 * @return empty where there is no {@code /proc} (not Linux) or the process has gone
	 * @throws IOException when {@code /proc} holds the process but cannot be read
	 */
	static Optional<ProcStatus> of(long pid) throws IOException {
		Path dir = Path.of("/proc", String.valueOf(pid));
		if (!Files.isDirectory(dir)) {
			return Optional.empty();
		}
		String status = Files.readString(dir.resolve("status"));
		try (Stream<Path> fds = Files.list(dir.resolve("fd"))) {
			return Optional.of(new ProcStatus(number(RSS_KB, status) / 1024.0, (int) number(THREADS, status),
					(int) fds.count()));
		}
	}

	private static long number(Pattern pattern, String status) {
		Matcher matcher = pattern.matcher(status);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}
}
