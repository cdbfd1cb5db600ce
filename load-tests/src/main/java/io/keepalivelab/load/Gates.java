package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a run must pass, for CI: at most so many connections opened per request on a hop
 * ({@code --assert-reuse public-api->orchestration-api<=0.01}) and p50 at most so many times the prediction
 * ({@code --assert-p50 1.3}). Every non-fault scenario is held to every gate; the verdicts are printed, written as
 * a JUnit report ({@value #FILE_NAME}) that CI servers read, and a failed gate fails the run naming the scenario
 * and the hop.
 */
public final class Gates {

	static final String FILE_NAME = "gates.xml";

	/** How the report takes a reuse gate: {@code --assert-reuse=HOP<=MAX}. */
	public static final String REUSE_OPTION = "--assert-reuse=";

	/** How the report takes a p50 gate: {@code --assert-p50=RATIO}. */
	public static final String P50_OPTION = "--assert-p50=";

	/** {@code HOP<=MAX}: the hop with or without spaces around its arrow, or {@code all}. */
	private static final Pattern REUSE = Pattern.compile("\\s*(all|[a-z-]+\\s*->\\s*[a-z-]+)\\s*<=\\s*([0-9]{1,3}(\\.[0-9]{1,6})?)\\s*");

	private static final Pattern RATIO = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,6})?");

	private final List<Gate> gates;

	private Gates(List<Gate> gates) {
		this.gates = List.copyOf(gates);
	}

	/** One gate: what it holds a scenario to, and its verdict on one. */
	sealed interface Gate permits ReuseGate, P50Gate {

		String name();

		/** Empty when the scenario passes, else why it fails; a scenario the gate cannot judge fails, saying so. */
		Optional<String> failure(ScenarioResult scenario);

	}

	/** At most {@code max} connections opened per request on each of {@code hops}, as the receiving server counted them. */
	record ReuseGate(List<Hop> hops, double max, String spec) implements Gate {

		@Override
		public String name() {
			return "reuse " + this.spec;
		}

		@Override
		public Optional<String> failure(ScenarioResult scenario) {
			List<String> over = new ArrayList<>();
			for (Hop hop : this.hops) {
				ConnectionsSnapshot.Inbound inbound = scenario.receiverOf(hop).inbound();
				if (inbound.requests() == 0) {
					over.add(hop.label() + " carried no request");
					continue;
				}
				double perRequest = (double) inbound.carriedRequests() / inbound.requests();
				if (perRequest > this.max) {
					over.add(format("%s opened %.3f connections per request (%d for %d requests), more than the %s "
							+ "allowed", hop.label(), perRequest, inbound.carriedRequests(), inbound.requests(),
							BigDecimal.valueOf(this.max).stripTrailingZeros().toPlainString()));
				}
			}
			return over.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", over));
		}

	}

	/** p50 at most {@code maxRatio} times the network's prediction. */
	record P50Gate(double maxRatio) implements Gate {

		@Override
		public String name() {
			return "p50 / predicted <= " + BigDecimal.valueOf(this.maxRatio).stripTrailingZeros().toPlainString();
		}

		@Override
		public Optional<String> failure(ScenarioResult scenario) {
			Optional<Prediction> prediction = scenario.prediction();
			if (prediction.isEmpty() || prediction.get().totalMs() <= 0) {
				return Optional.of("no prediction to hold p50 to (no scenario.json, or no network and no work)");
			}
			long p50 = scenario.latencies().getValueAtPercentile(50);
			double ratio = prediction.get().ratio(p50);
			return (ratio <= this.maxRatio) ? Optional.empty()
					: Optional.of(format("p50 %d ms is %.2f x the predicted %.1f ms, more than %s", p50, ratio,
							prediction.get().totalMs(), BigDecimal.valueOf(this.maxRatio).stripTrailingZeros().toPlainString()));
		}

	}

	/** A verdict of one gate on one scenario. */
	record Verdict(String scenario, Gate gate, Optional<String> failure) {

		String text() {
			return "gate " + (this.failure.isEmpty() ? "passed" : "FAILED") + ": scenario '" + this.scenario + "', "
					+ this.gate.name() + this.failure.map((why) -> ": " + why).orElse("");
		}

	}

	/**
	 * The gates among the report's arguments ({@code --assert-reuse=SPEC}, {@code --assert-p50=RATIO}), in order.
	 * @throws IllegalArgumentException naming a gate that cannot be read
	 */
	public static Gates parse(List<String> options) {
		List<Gate> gates = new ArrayList<>();
		for (String option : options) {
			if (option.startsWith(REUSE_OPTION)) {
				gates.add(reuse(option.substring(REUSE_OPTION.length())));
			}
			else if (option.startsWith(P50_OPTION)) {
				String ratio = option.substring(P50_OPTION.length());
				if (!RATIO.matcher(ratio).matches() || Double.parseDouble(ratio) <= 0) {
					throw new IllegalArgumentException("--assert-p50 takes a ratio above 0 such as 1.3, got '" + ratio + "'");
				}
				gates.add(new P50Gate(Double.parseDouble(ratio)));
			}
			else {
				throw new IllegalArgumentException("unknown option '" + option + "'");
			}
		}
		return new Gates(gates);
	}

	static ReuseGate reuse(String spec) {
		Matcher matcher = REUSE.matcher(spec);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("--assert-reuse takes HOP<=MAX, e.g. public-api->orchestration-api<=0.01 "
					+ "or all<=0.01, got '" + spec + "'");
		}
		String hopName = matcher.group(1).replaceAll("\\s", "");
		List<Hop> hops = hopName.equals("all") ? List.of(Hop.values())
				: Arrays.stream(Hop.values()).filter((hop) -> hop.label().replace(" ", "").equals(hopName)).toList();
		if (hops.isEmpty()) {
			throw new IllegalArgumentException("--assert-reuse: unknown hop '" + hopName + "' (known: all, "
					+ Arrays.stream(Hop.values()).map((hop) -> hop.label().replace(" ", "")).collect(Collectors.joining(", "))
					+ ")");
		}
		return new ReuseGate(hops, Double.parseDouble(matcher.group(2)), hopName + "<=" + matcher.group(2));
	}

	boolean isEmpty() {
		return this.gates.isEmpty();
	}

	/** Every gate on every scenario that measured latency (fault scenarios fail on purpose and are left out). */
	List<Verdict> judge(List<ScenarioResult> scenarios) {
		List<Verdict> verdicts = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			if (scenario.fault().isEmpty()) {
				this.gates.forEach((gate) -> verdicts.add(new Verdict(scenario.name(), gate, gate.failure(scenario))));
			}
		}
		return verdicts;
	}

	/** The verdicts as a JUnit XML report: one test case per scenario and gate. */
	static void writeJUnit(Path file, List<Verdict> verdicts) {
		long failed = verdicts.stream().filter((verdict) -> verdict.failure().isPresent()).count();
		StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
			.append("<testsuite name=\"keepalive-lab gates\" tests=\"").append(verdicts.size())
			.append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"0\">\n");
		for (Verdict verdict : verdicts) {
			xml.append("  <testcase classname=\"keepalive-lab.").append(xml(verdict.scenario())).append("\" name=\"")
				.append(xml(verdict.gate().name())).append("\"");
			if (verdict.failure().isEmpty()) {
				xml.append("/>\n");
			}
			else {
				xml.append(">\n    <failure message=\"").append(xml(verdict.failure().get())).append("\"/>\n  </testcase>\n");
			}
		}
		xml.append("</testsuite>\n");
		try {
			Files.writeString(file, xml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String xml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
