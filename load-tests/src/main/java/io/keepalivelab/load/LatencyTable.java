package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles and throughput of each scenario, its p50 against what the network alone predicts
 * ({@link Prediction}) and against the first scenario's p50.
 */
final class LatencyTable {

	private LatencyTable() {
	}

	static Table of(List<ScenarioResult> scenarios) {
		String baseline = scenarios.isEmpty() ? "first" : scenarios.get(0).name();
		double baselineP50 = scenarios.isEmpty() ? 0 : scenarios.get(0).latencies().getValueAtPercentile(50);
		boolean anyDisagreement = false;
		boolean anyWithoutSettings = false;
		boolean anyFloor = false;
		List<String> delayMismatches = new ArrayList<>();
		boolean withStacks = ServerStack.anyButDefaultIn(scenarios);
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
			String floor = "-";
			String floorRatio = "-";
			if (prediction.isPresent() && prediction.get().totalMs() > 0 && latencies.getTotalCount() > 0) {
				double measuredToPredicted = prediction.get().ratio(p50);
				boolean agrees = Prediction.agrees(measuredToPredicted);
				anyDisagreement |= !agrees;
				ratio = format("%.2f", measuredToPredicted) + (agrees ? "" : Table.WARNING);
				if (scenario.floor().isPresent()) {
					MachineFloor measured = scenario.floor().get();
					anyFloor = true;
					floor = format("%.0f", measured.addedMs(prediction.get()));
					floorRatio = format("%.2f", measured.ratio(p50, prediction.get()));
				}
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
			row.addAll(List.of(Long.toString(summary.requests()), Long.toString(p50), predicted, ratio, floor, floorRatio,
					Long.toString(latencies.getValueAtPercentile(95)), Long.toString(latencies.getValueAtPercentile(99)),
					Long.toString(latencies.getMaxValue()), format("%.2f", latencies.getMean()),
					format("%.1f", summary.throughputPerSecond()), Long.toString(summary.failures()),
					(baselineP50 > 0) ? format("%.2fx", p50 / baselineP50) : "n/a"));
			rows.add(row);
		}
		List<String> notes = new ArrayList<>();
		notes.add("Gatling response times of the measured phase (warm-up excluded), in whole milliseconds, "
				+ "from each scenario's latency.hlog; throughput over the measured phase.");
		notes.add("Load model: " + loadModels(scenarios) + ". Closed: each user sends its next request once its last "
				+ "is answered, so a slow answer also delays the requests behind it and hides the queueing (coordinated "
				+ "omission); open (--rate): requests arrive at that rate whatever the answers, and queueing shows in "
				+ "the latency.");
		if (scenarios.stream().anyMatch((scenario) -> scenario.settings().isPresent())) {
			notes.add("Predicted = what the network alone makes one request cost, from scenario.json: on each hop "
					+ "one round trip (2d) per call, plus for a new connection 1 round trip for TCP, +1 for TLS 1.3 "
					+ "(tls13, h2) or +2 for TLS 1.2, +1 for HTTP/2's SETTINGS exchange (h2, h2c); plus calls x workMs on the backend. The customer hop opens a "
					+ "connection per request when the load generator does not keep its connections, the internal "
					+ "hops per call in every mode but reuse. No CPU time, no queuing.");
		}
		if (anyFloor) {
			notes.add("Machine floor = what this machine adds to a request beside the network: the same chain at the "
					+ "same request rate just before the measured phase, with every link at 0 ms (floor/latency.hlog), "
					+ "p50 less the calls x workMs the prediction already counts. p50 / (predicted + floor) near 1 means "
					+ "the gap to the prediction is the machine's; what is left beyond it is unexplained. The prediction "
					+ "itself stays the network's arithmetic. The floor's requests arrive at the rate the measured phase "
					+ "would have at the predicted latency (users / predicted, or --rate): the same users at 0 ms would "
					+ "send several times as many and load the CPU more." + backendAlone(scenarios));
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
			notes.add("[1] No scenario.json (a fault scenario, or a run the demo did not set up, such as compose's load "
					+ "service): mode, transport and delays unknown, so no prediction.");
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
		header.addAll(List.of("requests", "p50", "predicted p50", "p50 / predicted", "machine floor",
				"p50 / (predicted + floor)", "p95", "p99", "max", "mean",
				"throughput req/s", "failures", "p50 / " + baseline + " p50"));
		return new Table("Latency (ms) and throughput", header, rows, notes);
	}

	/** The backend's timer alone, as measured for each scenario, or nothing when no scenario measured it. */
	private static String backendAlone(List<ScenarioResult> scenarios) {
		List<String> figures = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			scenario.floor().flatMap(MachineFloor::backendAlone).ifPresent((alone) -> figures.add(format(
					"%s %.2f ms (p99 %.2f)", scenario.name(), alone.p50Ms(), alone.p99Ms())));
		}
		if (figures.isEmpty()) {
			return "";
		}
		int workMs = scenarios.stream().flatMap((it) -> it.floor().flatMap(MachineFloor::backendAlone).stream())
			.findFirst().orElseThrow().workMs();
		return " The backend's /work?workMs=" + workMs + " alone, called one at a time by the lab's JDK client, p50: "
				+ String.join(", ", figures) + ".";
	}

	/** Which scenarios ran under which load model: "closed, 4 users in every scenario", or each with its names. */
	static String loadModels(List<ScenarioResult> scenarios) {
		Map<String, List<String>> byModel = new TreeMap<>();
		scenarios.forEach((scenario) -> byModel.computeIfAbsent(scenario.summary().loadModel(), (it) -> new ArrayList<>())
			.add(scenario.name()));
		if (byModel.size() == 1) {
			return byModel.keySet().iterator().next() + " in every scenario";
		}
		return byModel.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " (" + String.join(", ", entry.getValue()) + ")")
			.collect(Collectors.joining("; "));
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

}
