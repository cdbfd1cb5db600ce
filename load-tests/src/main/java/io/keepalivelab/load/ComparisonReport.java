package io.keepalivelab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Puts the scenarios of one run side by side, so that what connection reuse buys shows in one place:
 * the faults, if any ({@link FaultTable}), latency against the prediction ({@link LatencyTable}), the
 * connections of each hop against perfect reuse ({@link ConnectionsTable}) and the time new connections
 * cost ({@link HandshakeTable}). Prints one headline per comparison ({@link Headlines}), then the tables
 * in Markdown, and writes a self-contained {@code report.html} into the run directory ({@link ReportPage}),
 * whose first screen holds the headlines, a summary and the overlaid latency distributions.
 * <p>
 * Usage: {@code ComparisonReport [--assert-reuse=HOP<=MAX]... [--assert-p50=RATIO] [--compare=EARLIER_RUN] <runDir>
 * <scenario>...}, where each scenario is a sub-directory of {@code runDir} and the first one is the baseline of the
 * p50 ratio; {@code --compare} adds each scenario's change since its namesake in an earlier run ({@link ChangeTable}).
 * Exit status: 0 when all is well, 1 when a scenario had failed requests, 2 on bad usage or a missing or malformed
 * scenario (the report still shows every scenario that could be loaded), 3 when a gate ({@link Gates}) failed. A
 * measurement that disagrees with the prediction is marked, never fatal unless a gate says so.
 */
public final class ComparisonReport {

	static final int OK = 0;

	static final int FAILED_REQUESTS = 1;

	static final int INVALID_INPUT = 2;

	/** A gate of {@link Gates} failed: the run measured what it should, and it was not good enough. */
	static final int GATE_FAILED = 3;

	static final String HTML_FILE_NAME = "report.html";

	/** {@code --compare=DIR}: each scenario beside its namesake in an earlier run ({@link ChangeTable}). */
	public static final String COMPARE_OPTION = "--compare=";

	private ComparisonReport() {
	}

	/** The scenario as an earlier run holds it; empty where that run has none or cannot be read. */
	private static Optional<ScenarioResult> loadEarlier(Path earlierRun, String name) {
		try {
			return Optional.of(ScenarioResult.load(earlierRun, name));
		}
		catch (ScenarioResult.InvalidScenarioException ex) {
			return Optional.empty();
		}
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		List<String> options = Arrays.stream(args)
			.filter((arg) -> arg.startsWith("--") && !arg.startsWith(COMPARE_OPTION))
			.toList();
		Optional<Path> earlierRun = Arrays.stream(args)
			.filter((arg) -> arg.startsWith(COMPARE_OPTION))
			.reduce((first, last) -> last)
			.map((arg) -> Path.of(arg.substring(COMPARE_OPTION.length())));
		args = Arrays.stream(args).filter((arg) -> !arg.startsWith("--")).toArray(String[]::new);
		if (args.length < 2) {
			err.println("Usage: ComparisonReport [--assert-reuse=HOP<=MAX]... [--assert-p50=RATIO] [--compare=EARLIER_RUN] "
					+ "<runDir> <scenario>...");
			return INVALID_INPUT;
		}
		Gates gates;
		try {
			gates = Gates.parse(options);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			return INVALID_INPUT;
		}
		if (earlierRun.isPresent() && !Files.isDirectory(earlierRun.get())) {
			err.println("--compare: the earlier run " + earlierRun.get() + " is not a directory");
			return INVALID_INPUT;
		}
		Path runDir = Path.of(args[0]);
		if (!Files.isDirectory(runDir)) {
			err.println("Run directory " + runDir + " does not exist");
			return INVALID_INPUT;
		}
		List<ScenarioResult> scenarios = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			try {
				ScenarioResult scenario = ScenarioResult.load(runDir, args[i]);
				scenarios.add(scenario);
				if (scenario.gatlingIndex().isEmpty()) {
					problems.add("scenario '" + args[i] + "': no Gatling report (gatling/*/index.html)");
				}
			}
			catch (ScenarioResult.InvalidScenarioException ex) {
				problems.add(ex.getMessage());
			}
		}
		// A fault scenario provokes failures on purpose: it is judged by what its configuration should show.
		List<String> failures = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			if (scenario.fault().isPresent()) {
				FaultTable.problem(scenario).ifPresent(failures::add);
			}
			else if (scenario.summary().failures() > 0) {
				failures.add("scenario '%s': %d of %d measured requests failed".formatted(scenario.name(),
						scenario.summary().failures(), scenario.summary().requests()));
			}
		}
		List<Table> tables = new ArrayList<>();
		if (FaultTable.any(scenarios)) {
			tables.add(FaultTable.of(scenarios));
		}
		tables.add(LatencyTable.of(scenarios));
		if (scenarios.stream().anyMatch((scenario) -> !scenario.latenciesByNewConnections().isEmpty())) {
			tables.add(ConnectionStateTable.of(scenarios));
		}
		tables.addAll(List.of(ConnectionsTable.of(scenarios), HandshakeTable.of(scenarios)));
		earlierRun.ifPresent((earlier) -> tables.add(0, ChangeTable.of(earlier, scenarios,
				scenarios.stream().map((scenario) -> loadEarlier(earlier, scenario.name())).toList())));
		Headlines.of(scenarios, ScenarioColours.of(scenarios)).forEach((headline) -> out.println(headline.text()));
		out.println();
		tables.forEach((table) -> out.println(table.toMarkdown()));
		List<String> allProblems = new ArrayList<>(problems);
		allProblems.addAll(failures);
		allProblems.forEach(err::println);
		try {
			Files.writeString(runDir.resolve(HTML_FILE_NAME), ReportPage.html(runDir, scenarios, tables, allProblems));
		}
		catch (IOException ex) {
			err.println("Cannot write " + runDir.resolve(HTML_FILE_NAME) + ": " + ex.getMessage());
			return INVALID_INPUT;
		}
		if (!problems.isEmpty()) {
			return INVALID_INPUT;
		}
		if (!failures.isEmpty()) {
			return FAILED_REQUESTS;
		}
		if (gates.isEmpty()) {
			return OK;
		}
		List<Gates.Verdict> verdicts = gates.judge(scenarios);
		verdicts.forEach((verdict) -> (verdict.failure().isPresent() ? err : out).println(verdict.text()));
		Gates.writeJUnit(runDir.resolve(Gates.FILE_NAME), verdicts);
		out.println("gates: " + runDir.resolve(Gates.FILE_NAME));
		return verdicts.stream().anyMatch((verdict) -> verdict.failure().isPresent()) ? GATE_FAILED : OK;
	}

}
