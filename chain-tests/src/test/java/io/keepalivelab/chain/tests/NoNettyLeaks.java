package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.keepalivelab.lab.ServiceProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class when a service it started reported a Netty buffer leak. The build runs the tests with
 * {@code io.netty.leakDetection.level=paranoid}, which lab passes on to the services; Netty's detector then
 * logs {@code LEAK:} at ERROR once a leaked buffer is collected. Registered for every class of this module
 * by {@code META-INF/services}, with autodetection on in {@code junit-platform.properties}.
 */
public class NoNettyLeaks implements AfterAllCallback {

	/** What Netty's {@code ResourceLeakDetector} starts every report with. */
	static final String LEAK_REPORT = "LEAK:";

	/** The start of a line the service's logger wrote, which ends the access records above it. */
	private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T");

	private static final Set<Path> checked = ConcurrentHashMap.newKeySet();

	@Override
	public void afterAll(ExtensionContext context) {
		List<String> reports = new ArrayList<>();
		for (Path log : ServiceProcess.logs()) {
			if (Files.exists(log) && checked.add(log)) {
				reports.addAll(leakReports(log));
			}
		}
		assertThat(reports).as("Netty leak reports in the logs of the services %s started",
				context.getRequiredTestClass().getSimpleName())
			.isEmpty();
	}

	/** Each report with the access records Netty prints under it, up to the next log line: where the buffer went. */
	static List<String> leakReports(Path log) {
		try {
			List<StringBuilder> reports = new ArrayList<>();
			boolean inReport = false;
			for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
				if (line.contains(LEAK_REPORT)) {
					reports.add(new StringBuilder(log.getFileName() + ": " + line.strip()));
					inReport = true;
				}
				else if (inReport && !LOG_LINE.matcher(line).lookingAt()) {
					reports.get(reports.size() - 1).append('\n').append(line);
				}
				else {
					inReport = false;
				}
			}
			return reports.stream().map(StringBuilder::toString).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
