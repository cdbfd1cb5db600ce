package io.keepalivelab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Puts the scenarios of one run side by side, so that what connection reuse buys shows in one place:
 * latency percentiles from each scenario's HdrHistogram log, and the connections opened on each hop
 * against the number that perfect reuse would need (in the spirit of Fortio's "Sockets used: 758 (for
 * perfect keepalive, would be 4)"). Prints Markdown tables and writes a self-contained
 * {@code report.html} into the run directory.
 * <p>
 * Usage: {@code ComparisonReport <runDir> <scenario>...}, where each scenario is a sub-directory of
 * {@code runDir} and the first one is the baseline of the p50 ratio. Exit status: 0 when all is well, 1
 * when a scenario had failed requests, 2 on bad usage or a missing or malformed scenario; the report
 * still shows every scenario that could be loaded.
 */
public final class ComparisonReport {

	static final int OK = 0;

	static final int FAILED_REQUESTS = 1;

	static final int INVALID_INPUT = 2;

	static final String HTML_FILE_NAME = "report.html";

	private ComparisonReport() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length < 2) {
			err.println("Usage: ComparisonReport <runDir> <scenario>...");
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
		List<String> failures = scenarios.stream()
			.filter((scenario) -> scenario.summary().failures() > 0)
			.map((scenario) -> "scenario '%s': %d of %d measured requests failed".formatted(scenario.name(),
					scenario.summary().failures(), scenario.summary().requests()))
			.toList();
		List<Table> tables = List.of(latencyTable(scenarios), connectionsTable(scenarios));
		tables.forEach((table) -> out.println(table.toMarkdown()));
		List<String> allProblems = new ArrayList<>(problems);
		allProblems.addAll(failures);
		allProblems.forEach(err::println);
		try {
			Files.writeString(runDir.resolve(HTML_FILE_NAME), html(runDir, scenarios, tables, allProblems));
		}
		catch (IOException ex) {
			err.println("Cannot write " + runDir.resolve(HTML_FILE_NAME) + ": " + ex.getMessage());
			return INVALID_INPUT;
		}
		if (!problems.isEmpty()) {
			return INVALID_INPUT;
		}
		return failures.isEmpty() ? OK : FAILED_REQUESTS;
	}

	static Table latencyTable(List<ScenarioResult> scenarios) {
		String baseline = scenarios.isEmpty() ? "first" : scenarios.get(0).name();
		double baselineP50 = scenarios.isEmpty() ? 0 : scenarios.get(0).latencies().getValueAtPercentile(50);
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			Histogram latencies = scenario.latencies();
			RunSummary summary = scenario.summary();
			long p50 = latencies.getValueAtPercentile(50);
			rows.add(List.of(scenario.name(), Long.toString(summary.requests()), Long.toString(p50),
					Long.toString(latencies.getValueAtPercentile(95)), Long.toString(latencies.getValueAtPercentile(99)),
					Long.toString(latencies.getMaxValue()), format("%.2f", latencies.getMean()),
					format("%.1f", summary.throughputPerSecond()), Long.toString(summary.failures()),
					(baselineP50 > 0) ? format("%.2fx", p50 / baselineP50) : "n/a"));
		}
		return new Table("Latency (ms) and throughput",
				List.of("scenario", "requests", "p50", "p95", "p99", "max", "mean", "throughput req/s", "failures",
						"p50 / " + baseline + " p50"),
				rows, List.of("Gatling response times of the measured phase (warm-up excluded), in whole milliseconds, "
						+ "from each scenario's latency.hlog; throughput over the measured phase."));
	}

	static Table connectionsTable(List<ScenarioResult> scenarios) {
		boolean anyClosingClient = false;
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			int users = scenario.summary().users();
			for (Hop hop : Hop.values()) {
				ConnectionsSnapshot.Inbound inbound = scenario.receiverOf(hop).inbound();
				boolean closingClient = hop == Hop.CLIENT_TO_PUBLIC && !scenario.summary().keepAlive();
				anyClosingClient |= closingClient;
				rows.add(List.of(scenario.name(), hop.label(), Long.toString(inbound.accepted()),
						Long.toString(inbound.requests()),
						(inbound.requests() > 0) ? format("%.3f", (double) inbound.accepted() / inbound.requests())
								: "n/a",
						users + (closingClient ? " [1]" : ""),
						scenario.callerOpened(hop).map(String::valueOf).orElse((hop.caller() == null) ? "-" : "n/a")));
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("Connections opened = connections accepted by the receiving server; perfect reuse needs one "
				+ "connection per concurrent request, that is the number of users, on every hop. "
				+ "Service counters cover the whole scenario, warm-up included. "
				+ "Caller opened = what the calling service counted, as a cross-check (- for the load generator).");
		if (anyClosingClient) {
			notes.add("[1] keepAlive=false: the load generator sends Connection: close, so this hop opens one "
					+ "connection per request by design; perfect reuse would still need the number of users.");
		}
		return new Table("Connections per hop",
				List.of("scenario", "hop", "connections opened", "requests", "opened per request",
						"perfect reuse needs", "caller opened"),
				rows, notes);
	}

	private static String html(Path runDir, List<ScenarioResult> scenarios, List<Table> tables,
			List<String> problems) {
		StringBuilder body = new StringBuilder();
		body.append("<h1>Connection reuse comparison: ").append(Table.escapeHtml(runDir.getFileName().toString()))
			.append("</h1>\n");
		if (!problems.isEmpty()) {
			body.append("<ul class=\"problems\">\n");
			problems.forEach((problem) -> body.append("<li>").append(Table.escapeHtml(problem)).append("</li>\n"));
			body.append("</ul>\n");
		}
		tables.forEach((table) -> body.append(table.toHtml()));
		body.append("<h2>Gatling reports</h2>\n<ul>\n");
		for (ScenarioResult scenario : scenarios) {
			body.append("<li>");
			scenario.gatlingIndex().ifPresentOrElse((index) -> {
				String href = runDir.relativize(index).toString().replace('\\', '/');
				body.append("<a href=\"").append(Table.escapeHtml(href)).append("\">")
					.append(Table.escapeHtml(scenario.name())).append("</a>");
			}, () -> body.append(Table.escapeHtml(scenario.name())).append(": none"));
			body.append("</li>\n");
		}
		body.append("</ul>\n");
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<title>keepalive-lab comparison</title>
				<style>
				body { font-family: sans-serif; margin: 2em; color: #222; }
				table { border-collapse: collapse; margin-bottom: 0.5em; }
				th, td { border: 1px solid #bbb; padding: 0.3em 0.7em; text-align: left; }
				th { background: #eee; }
				.note { color: #555; font-size: 0.9em; max-width: 60em; }
				.problems { color: #a00; }
				</style>
				</head>
				<body>
				""" + body + "</body>\n</html>\n";
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
