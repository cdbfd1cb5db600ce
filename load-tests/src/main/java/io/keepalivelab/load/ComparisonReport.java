package io.keepalivelab.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * Puts the scenarios of one run side by side, so that what connection reuse buys shows in one place:
 * latency percentiles from each scenario's HdrHistogram log next to what the network alone predicts
 * ({@link Prediction}), the connections opened on each hop against the number that perfect reuse would
 * need (in the spirit of Fortio's "Sockets used: 758 (for perfect keepalive, would be 4)"), counted by
 * both ends and by the emulated network, and the time the internal hops spent in connects and TLS
 * handshakes. Prints Markdown tables and writes a self-contained {@code report.html} into the run
 * directory, with the per-hop prediction and a latency distribution chart per scenario.
 * <p>
 * Usage: {@code ComparisonReport <runDir> <scenario>...}, where each scenario is a sub-directory of
 * {@code runDir} and the first one is the baseline of the p50 ratio. Exit status: 0 when all is well, 1
 * when a scenario had failed requests, 2 on bad usage or a missing or malformed scenario; the report
 * still shows every scenario that could be loaded. A measurement that disagrees with the prediction is
 * marked, never fatal.
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
		tables.addAll(List.of(latencyTable(scenarios), connectionsTable(scenarios), handshakeTable(scenarios)));
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

	/**
	 * Which scenarios ran on which JIT: "c1 in every scenario", or "c1 (reuse.plain); c2 (no-reuse.plain)";
	 * empty without scenario.json.
	 */
	static String jits(List<ScenarioResult> scenarios) {
		Map<String, List<String>> byJit = new TreeMap<>();
		for (ScenarioResult scenario : scenarios) {
			scenario.settings()
				.map(ScenarioSettings::jit)
				.ifPresent((jit) -> byJit.computeIfAbsent(jit, (it) -> new ArrayList<>()).add(scenario.name()));
		}
		if (byJit.size() == 1 && byJit.values().iterator().next().size() == scenarios.size()) {
			return byJit.keySet().iterator().next() + " in every scenario";
		}
		return byJit.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")")
			.collect(Collectors.joining("; "));
	}

	static Table latencyTable(List<ScenarioResult> scenarios) {
		String baseline = scenarios.isEmpty() ? "first" : scenarios.get(0).name();
		double baselineP50 = scenarios.isEmpty() ? 0 : scenarios.get(0).latencies().getValueAtPercentile(50);
		boolean anyDisagreement = false;
		boolean anyWithoutSettings = false;
		List<String> delayMismatches = new ArrayList<>();
		boolean withStacks = anyStackButDefault(scenarios);
		List<String> stackMismatches = new ArrayList<>();
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			Histogram latencies = scenario.latencies();
			RunSummary summary = scenario.summary();
			long p50 = latencies.getValueAtPercentile(50);
			Optional<Prediction> prediction = scenario.prediction();
			List<String> mismatches = delayMismatches(scenario);
			delayMismatches.addAll(mismatches);
			String predicted = prediction
				.map((it) -> format("%.1f", it.totalMs()) + (mismatches.isEmpty() ? "" : " [2]"))
				.orElse("n/a [1]");
			String ratio = "n/a";
			if (prediction.isPresent() && prediction.get().totalMs() > 0 && latencies.getTotalCount() > 0) {
				double measuredToPredicted = prediction.get().ratio(p50);
				boolean agrees = Prediction.agrees(measuredToPredicted);
				anyDisagreement |= !agrees;
				ratio = format("%.2f", measuredToPredicted) + (agrees ? "" : Table.WARNING);
			}
			anyWithoutSettings |= scenario.settings().isEmpty();
			List<String> row = new ArrayList<>(List.of(scenario.name(),
					scenario.settings().map((it) -> it.mode().id()).orElse("-"),
					scenario.settings().map((it) -> it.transport().id()).orElse("-")));
			if (withStacks) {
				List<String> stackMismatch = scenario.stackMismatches();
				stackMismatches.addAll(stackMismatch);
				row.add(ServerStack.label(scenario.stacks()).orElse("-") + (stackMismatch.isEmpty() ? "" : " [3]"));
			}
			row.addAll(List.of(Long.toString(summary.requests()), Long.toString(p50), predicted, ratio,
					Long.toString(latencies.getValueAtPercentile(95)), Long.toString(latencies.getValueAtPercentile(99)),
					Long.toString(latencies.getMaxValue()), format("%.2f", latencies.getMean()),
					format("%.1f", summary.throughputPerSecond()), Long.toString(summary.failures()),
					(baselineP50 > 0) ? format("%.2fx", p50 / baselineP50) : "n/a"));
			rows.add(row);
		}
		List<String> notes = new ArrayList<>();
		notes.add("Gatling response times of the measured phase (warm-up excluded), in whole milliseconds, "
				+ "from each scenario's latency.hlog; throughput over the measured phase.");
		if (scenarios.stream().anyMatch((scenario) -> scenario.settings().isPresent())) {
			notes.add("Predicted = what the network alone makes one request cost, from scenario.json: on each hop "
					+ "one round trip (2d) per call, plus for a new connection 1 round trip for TCP, +1 for TLS 1.3 "
					+ "(tls13, h2) or +2 for TLS 1.2, +1 for HTTP/2's SETTINGS exchange (h2, h2c); plus calls x workMs on the backend. The customer hop opens a "
					+ "connection per request when the load generator does not keep its connections, the internal "
					+ "hops per call in every mode but reuse. No CPU time, no queuing.");
		}
		String jits = jits(scenarios);
		if (!jits.isEmpty()) {
			notes.add("The services' JIT (--jit): " + jits + ". CPU time is not in the prediction: on a 2-core machine "
					+ "the chain measured 1-3 ms more per request on c1 than on c2 after its warm-up.");
		}
		if (anyDisagreement) {
			notes.add(Table.WARNING.strip() + " p50 / predicted outside " + format("%.2f..%.2f",
					Prediction.LOWEST_AGREEING_RATIO, Prediction.HIGHEST_AGREEING_RATIO)
					+ ": the measurement disagrees with the physics by more than the tolerance; likely CPU "
					+ "saturation (handshakes and load on a small machine) or a setting that did not reach a "
					+ "service (mode, transport or a link's delay).");
		}
		if (anyWithoutSettings) {
			notes.add("[1] No scenario.json (a run from before the network emulation): mode, transport and delays "
					+ "unknown, so no prediction.");
		}
		delayMismatches.forEach((mismatch) -> notes.add("[2] " + mismatch));
		if (withStacks) {
			notes.add("Stack: the server each service ran on (--stacks), as its /actuator/connections says: one name "
					+ "when all three ran on it, else public-api/orchestration-api/backend-api.");
		}
		stackMismatches.forEach((mismatch) -> notes.add("[3] " + mismatch + ": the stack profile did not reach it."));
		List<String> header = new ArrayList<>(List.of("scenario", "mode", "transport"));
		if (withStacks) {
			header.add("stack");
		}
		header.addAll(List.of("requests", "p50", "predicted p50", "p50 / predicted", "p95", "p99", "max", "mean",
				"throughput req/s", "failures", "p50 / " + baseline + " p50"));
		return new Table("Latency (ms) and throughput", header, rows, notes);
	}

	/** Links whose delay differs from the one in scenario.json: the prediction would then be wrong. */
	private static List<String> delayMismatches(ScenarioResult scenario) {
		if (scenario.settings().isEmpty() || scenario.links().isEmpty()) {
			return List.of();
		}
		List<String> mismatches = new ArrayList<>();
		for (Hop hop : Hop.values()) {
			double expected = scenario.settings().get().delayMs(hop);
			scenario.links().get().of(hop).filter((link) -> Math.abs(link.delayMs() - expected) > 1e-6).ifPresent(
					(link) -> mismatches.add(format("scenario '%s': link '%s' ran with d = %.3f ms, scenario.json says "
							+ "%.3f ms; the prediction uses scenario.json.", scenario.name(), link.name(),
							link.delayMs(), expected)));
		}
		return mismatches;
	}

	static Table connectionsTable(List<ScenarioResult> scenarios) {
		boolean anyClosingClient = false;
		boolean anyWithoutLinks = false;
		boolean withStacks = anyStackButDefault(scenarios);
		boolean withRequestLimits = anyRequestLimit(scenarios);
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			int users = scenario.summary().users();
			anyWithoutLinks |= scenario.links().isEmpty();
			for (Hop hop : Hop.values()) {
				ConnectionsSnapshot.Inbound inbound = scenario.receiverOf(hop).inbound();
				boolean closingClient = hop == Hop.CLIENT_TO_PUBLIC && !scenario.summary().keepAlive();
				anyClosingClient |= closingClient;
				List<String> row = new ArrayList<>(List.of(scenario.name(), hop.label()));
				if (withStacks) {
					row.add(scenario.stackOf(hop.receiver()).map(ServerStack::id).orElse("-"));
				}
				row.addAll(List.of(Long.toString(inbound.accepted()),
						scenario.callerOpened(hop).map(String::valueOf).orElse((hop.caller() == null) ? "-" : "n/a"),
						scenario.onTheWire(hop).map(String::valueOf).orElse("n/a [2]"), Long.toString(inbound.requests()),
						(inbound.requests() > 0) ? format("%.3f", (double) inbound.accepted() / inbound.requests())
								: "n/a"));
				if (withRequestLimits) {
					row.add(closedAtRequestLimit(inbound.policy()));
				}
				row.add(users + (closingClient ? " [1]" : ""));
				rows.add(row);
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("Server accepted = connections accepted by the receiving server; caller opened = what the calling "
				+ "service counted (- for the load generator); on the wire = what the link emulator accepted on that "
				+ "hop (links.json). Three counts of the same connections, from both ends and the network between. "
				+ "Opened per request and perfect reuse use the server's count: perfect reuse needs one connection "
				+ "per concurrent request, that is the number of users, on every hop. "
				+ "Counters cover the load, its warm-up included; with connections/before/ and links-before.json "
				+ "(read just before the load) what came before is subtracted, so a pool that the warm-up filled "
				+ "opens no connection at all during the load.");
		if (anyClosingClient) {
			notes.add("[1] keepAlive=false: the load generator sends Connection: close, so this hop opens one "
					+ "connection per request by design; perfect reuse would still need the number of users.");
		}
		if (anyWithoutLinks) {
			notes.add("[2] No links.json: the scenario ran without the link emulator, or before it counted.");
		}
		if (withStacks) {
			notes.add("Server stack: the server of the receiving service (netty or tomcat), as its "
					+ "/actuator/connections says.");
		}
		if (withRequestLimits) {
			notes.add("Closed at request limit: kept-alive connections the receiving server closed after the last "
					+ "response its request limit allows (Connection: close), counted like the other counters, and "
					+ "that limit: Tomcat's server.tomcat.max-keep-alive-requests is 100 by default, Reactor Netty "
					+ "has none unless server.netty.max-keep-alive-requests sets one. Each such close sends the "
					+ "caller to a new connection, so a perfectly pooled caller opens about 1 / limit connections "
					+ "per request on that hop (0.010 into a Tomcat hop), where it opens none into a server without "
					+ "a limit.");
		}
		List<String> header = new ArrayList<>(List.of("scenario", "hop"));
		if (withStacks) {
			header.add("server stack");
		}
		header.addAll(List.of("server accepted", "caller opened", "on the wire", "requests", "opened per request"));
		if (withRequestLimits) {
			header.add("closed at request limit");
		}
		header.add("perfect reuse needs");
		return new Table("Connections per hop", header, rows, notes);
	}

	/**
	 * Whether a service of some scenario ran, or was asked to run, on another stack than the default: only
	 * then has the stack a column, so a run on the default stack reads as before there were two.
	 */
	static boolean anyStackButDefault(List<ScenarioResult> scenarios) {
		return scenarios.stream()
			.anyMatch((scenario) -> ServerStack.anyButDefault(scenario.stacks()) || scenario.settings()
				.filter((settings) -> settings.stacks().values().stream().anyMatch((stack) -> stack != ServerStack.NETTY))
				.isPresent());
	}

	/** Whether some server had a request limit or closed connections at one: only then has it a column. */
	static boolean anyRequestLimit(List<ScenarioResult> scenarios) {
		return scenarios.stream()
			.flatMap((scenario) -> scenario.connections().values().stream())
			.map((snapshot) -> snapshot.inbound().policy())
			.anyMatch((policy) -> policy.maxKeepAliveRequests() != null
					|| (policy.closedAtRequestLimit() != null && policy.closedAtRequestLimit() > 0));
	}

	/** "16 (limit 100)", "0 (no limit)", or n/a from a server that did not report them. */
	private static String closedAtRequestLimit(ConnectionsSnapshot.Policy policy) {
		if (policy.closedAtRequestLimit() == null) {
			return "n/a";
		}
		return policy.closedAtRequestLimit() + ((policy.maxKeepAliveRequests() != null)
				? " (limit " + policy.maxKeepAliveRequests() + ")" : " (no limit)");
	}

	static Table handshakeTable(List<ScenarioResult> scenarios) {
		int skippedLines = 0;
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			for (Hop hop : Hop.values()) {
				if (hop.caller() == null) {
					continue;
				}
				Optional<PrometheusMetrics> metrics = scenario.callerMetrics(hop);
				skippedLines += metrics.map(PrometheusMetrics::skippedLines).orElse(0);
				Optional<PrometheusMetrics.TimerTotal> connects = metrics
					.map((it) -> it.successfulTimer(PrometheusMetrics.CONNECT_TIME));
				Optional<PrometheusMetrics.TimerTotal> handshakes = metrics
					.map((it) -> it.successfulTimer(PrometheusMetrics.TLS_HANDSHAKE_TIME));
				String network = scenario.settings()
					.map((settings) -> format("%.1f",
							settings.transport().handshakeRoundTrips(scenario.mostlyResumed(hop)) * 2
									* settings.delayMs(hop)))
					.orElse("n/a");
				String resumed = scenario.callerResumed(hop).map(String::valueOf).orElse("n/a");
				rows.add(List.of(scenario.name(), hop.label(), count(connects), meanMs(connects), count(handshakes),
						resumed, meanMs(handshakes), network));
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("From the calling service's Reactor Netty client timers in metrics/<service>.prom ("
				+ PrometheusMetrics.CONNECT_TIME + " and " + PrometheusMetrics.TLS_HANDSHAKE_TIME
				+ ", status SUCCESS, every remote address), over the whole scenario, warm-up included; "
				+ "n/a without the file, - when the timer never ran. Resumed: new TLS connections whose "
				+ "handshake resumed an earlier session, as the caller counted (connections/<service>.json). "
				+ "Network: TCP 1 round trip, TLS 1.3 +1, TLS 1.2 +2, or +1 when most handshakes resumed. The link emulator is a local proxy: the client's TCP connect completes at once and "
				+ "the link holds the first bytes back by one round trip instead, so expect a connect time near 0 "
				+ "and a TLS handshake time near the network figure (the TCP round trip included) plus CPU; "
				+ "without TLS the TCP round trip shows in the response time.");
		notes.add("The customer hop (load generator -> public-api) has no such metrics: Gatling counts its connect "
				+ "and TLS time in the response time and does not report them apart.");
		if (skippedLines > 0) {
			notes.add(skippedLines + " line(s) of the metrics files did not parse and were skipped.");
		}
		return new Table("New connections per internal hop: connect and TLS handshake (ms)",
				List.of("scenario", "hop", "connects", "mean connect", "TLS handshakes", "resumed",
						"mean TLS handshake", "network: handshake round trips x 2d"),
				rows, notes);
	}

	/** The per-hop breakdown of each prediction. */
	static Table predictionTable(List<ScenarioResult> scenarios) {
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			scenario.prediction().ifPresent((prediction) -> {
				for (Prediction.HopCost hop : prediction.hops()) {
					rows.add(List.of(scenario.name(), hop.hop().label(), format("%.3f", hop.delayMs()),
							hop.newConnection() ? "new (" + hop.transport().description() + ")" : "reused",
							Integer.toString(hop.roundTrips()), Integer.toString(hop.callsPerRequest()),
							format("%.1f", hop.msPerRequest())));
				}
				rows.add(List.of(scenario.name(), "backend work", "-", "-", "-",
						Integer.toString(scenario.settings().get().calls()), format("%.1f", prediction.workMs())));
				rows.add(List.of(scenario.name(), "total", "", "", "", "", format("%.1f", prediction.totalMs())));
			});
		}
		return new Table("Predicted latency per hop",
				List.of("scenario", "hop", "one-way delay d (ms)", "connection", "round trips per call",
						"calls per request", "ms per request"),
				rows, List.of("Round trips per call: 1 for the request, plus the handshakes of a new connection; each "
						+ "costs 2d. Scenarios without scenario.json have no prediction."));
	}

	private static String count(Optional<PrometheusMetrics.TimerTotal> timer) {
		return timer.map((it) -> Long.toString(it.count())).orElse("n/a");
	}

	private static String meanMs(Optional<PrometheusMetrics.TimerTotal> timer) {
		return timer.map((it) -> it.meanMs().stream().mapToObj((mean) -> format("%.2f", mean)).findFirst().orElse("-"))
			.orElse("n/a");
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
		body.append(predictionTable(scenarios).toHtml());
		body.append("<h2>Latency distribution</h2>\n");
		for (ScenarioResult scenario : scenarios) {
			OptionalDouble predicted = scenario.prediction()
				.map((prediction) -> OptionalDouble.of(prediction.totalMs()))
				.orElse(OptionalDouble.empty());
			body.append("<figure>\n").append(LatencyChart.svg(scenario.name(), scenario.latencies(), predicted))
				.append("</figure>\n");
		}
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
				.warning { color: #a00; font-weight: bold; }
				figure { margin: 0 0 1em 0; }
				</style>
				</head>
				<body>
				""" + body + "</body>\n</html>\n";
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
