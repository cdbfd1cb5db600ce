package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

	public static final String FILE_NAME = "gates.xml";

	/** How the report takes a reuse gate: {@code --assert-reuse=HOP<=MAX}. */
	public static final String REUSE_OPTION = "--assert-reuse=";

	/** How the report takes a p50 gate: {@code --assert-p50=RATIO}. */
	public static final String P50_OPTION = "--assert-p50=";

	/** {@code HOP<=MAX}: the hop with or without spaces around its arrow, or {@code all}. */
	private static final Pattern REUSE = Pattern.compile("\\s*(all|[a-z-]+\\s*->\\s*[a-z-]+)\\s*<=\\s*([0-9]{1,3}(\\.[0-9]{1,6})?)\\s*");

	/** {@code DOWNSTREAM<=MAX}: a service name, a {@code host:port} (IPv6 in brackets), or {@code all}. */
	private static final Pattern DOWNSTREAM_REUSE = Pattern.compile("\\s*([A-Za-z0-9._:\\[\\]-]{1,255})\\s*<=\\s*([0-9]{1,3}(\\.[0-9]{1,6})?)\\s*");

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
							plain(this.max)));
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

	/**
	 * At most {@code max} connections opened per request on a running service's outbound hop to {@code downstream}
	 * ({@code all}: every one), as the service's own counters tell ({@link OutboundHops}).
	 */
	public record DownstreamReuseGate(String downstream, double max, String spec) {

		public String name() {
			return "reuse " + this.spec;
		}

		/** Empty when every named hop stayed within {@code max}, else why not; a hop it cannot find fails, saying so. */
		public Optional<String> failure(OutboundHops hops) {
			Map<String, OutboundHops.Counts> judged = new LinkedHashMap<>();
			if (hops.byDownstream().isEmpty()) {
				return Optional.of("the service's counters show no outbound hop");
			}
			if (this.downstream.equals("all")) {
				// every hop the check used: a downstream the loaded URL never calls is not this check's to judge
				hops.byDownstream().forEach((downstream, counts) -> {
					if (counts.requests() > 0 || counts.opened() > 0) {
						judged.put(downstream, counts);
					}
				});
				if (judged.isEmpty()) {
					return Optional.of("no outbound hop carried a request during the check (the service's hops: "
							+ String.join(", ", hops.byDownstream().keySet()) + ")");
				}
			}
			else if (hops.byDownstream().containsKey(this.downstream)) {
				judged.put(this.downstream, hops.byDownstream().get(this.downstream));
			}
			else {
				return Optional.of("no outbound hop to '" + this.downstream + "' (the service's hops: "
						+ String.join(", ", hops.byDownstream().keySet()) + ")");
			}
			List<String> over = new ArrayList<>();
			judged.forEach((downstream, counts) -> {
				if (counts.requests() == 0) {
					over.add("-> " + downstream + " carried no request");
				}
				else if (counts.perRequest() > this.max) {
					over.add(format("-> %s opened %.3f connections per request (%d for %d requests), more than the %s "
							+ "allowed", downstream, counts.perRequest(), counts.opened(), counts.requests(),
							plain(this.max)));
				}
			});
			return over.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", over));
		}

	}

	/**
	 * A reuse gate on a running service's outbound hop: {@code DOWNSTREAM<=MAX}, the downstream as the service's
	 * counters name it (a service name in {@code /actuator/connections}, {@code host:port} in Prometheus), or
	 * {@code all}.
	 * @throws IllegalArgumentException naming a gate that cannot be read
	 */
	public static DownstreamReuseGate downstreamReuse(String spec) {
		Matcher matcher = DOWNSTREAM_REUSE.matcher(spec);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("--assert-reuse takes DOWNSTREAM<=MAX against a running service, e.g. "
					+ "all<=0.01 or backend:8080<=0.01, got '" + spec + "'");
		}
		return new DownstreamReuseGate(matcher.group(1), Double.parseDouble(matcher.group(2)),
				matcher.group(1) + "<=" + matcher.group(2));
	}

	/**
	 * A verdict of one gate on what it judged: a scenario of the lab's, or the running service a target check loaded.
	 * @param judged {@code scenario 'NAME'} or {@code target 'URL'}, as the verdict names it
	 * @param name the scenario's name or the target's URL, the JUnit test case's class
	 */
	public record Verdict(String judged, String name, String gate, Optional<String> failure) {

		static Verdict ofScenario(String scenario, String gate, Optional<String> failure) {
			return new Verdict("scenario '" + scenario + "'", scenario, gate, failure);
		}

		public static Verdict ofTarget(String url, String gate, Optional<String> failure) {
			return new Verdict("target '" + url + "'", url, gate, failure);
		}

		public String text() {
			return "gate " + (this.failure.isEmpty() ? "passed" : "FAILED") + ": " + this.judged + ", " + this.gate
					+ this.failure.map((why) -> ": " + why).orElse("");
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
				this.gates.forEach((gate) -> verdicts.add(Verdict.ofScenario(scenario.name(), gate.name(), gate.failure(scenario))));
			}
		}
		return verdicts;
	}

	/** The verdicts as a JUnit XML report: one test case per scenario and gate. */
	public static void writeJUnit(Path file, List<Verdict> verdicts) {
		long failed = verdicts.stream().filter((verdict) -> verdict.failure().isPresent()).count();
		StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
			.append("<testsuite name=\"keepalive-lab gates\" tests=\"").append(verdicts.size())
			.append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"0\">\n");
		for (Verdict verdict : verdicts) {
			xml.append("  <testcase classname=\"keepalive-lab.").append(xml(verdict.name())).append("\" name=\"")
				.append(xml(verdict.gate())).append("\"");
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

	private static String plain(double number) {
		return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
	}

	private static String xml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
