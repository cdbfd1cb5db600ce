package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * load-tests' ChainSimulation as a child JVM, through {@code load-tests/run-simulation.sh}, which knows the
 * JVM options Gatling needs: it writes {@code summary.json}, {@code latency.hlog} and Gatling's report
 * under its results folder. Exit status 0; 1 when the run crashed; 2 when requests failed.
 */
public final class Gatling {

	private Gatling() {
	}

	/** Starts the simulation with {@code properties} ({@code -Dname=value}), its output into {@code log}. */
	public static Process start(Path resultsDir, Path log, List<String> properties) {
		List<String> command = new ArrayList<>(List.of("bash",
				Project.root().resolve("load-tests/run-simulation.sh").toString(), resultsDir.toString()));
		command.addAll(properties);
		try {
			return Processes.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs load-tests' ComparisonReport over the scenarios of {@code runDir} in a JVM of its own (it ends with
	 * its exit status), its output to {@code output}, and returns that status.
	 */
	public static int report(Path runDir, List<String> scenarios, ProcessBuilder.Redirect output)
			throws InterruptedException {
		return report(runDir, scenarios, List.of(), output);
	}

	/** {@link #report(Path, List, ProcessBuilder.Redirect)} with the report's {@code options}: gates, earlier run. */
	public static int report(Path runDir, List<String> scenarios, List<String> options, ProcessBuilder.Redirect output)
			throws InterruptedException {
		List<String> command = new ArrayList<>(List.of(Project.java(), "-cp", System.getProperty("java.class.path"),
				"io.keepalivelab.load.ComparisonReport"));
		command.addAll(options);
		command.add(runDir.toString());
		command.addAll(scenarios);
		Process report;
		try {
			report = Processes.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			return report.waitFor();
		}
		finally {
			Processes.stop(List.of(report));
		}
	}

}
