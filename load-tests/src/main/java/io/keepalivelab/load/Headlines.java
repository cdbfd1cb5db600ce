package io.keepalivelab.load;

import static io.keepalivelab.load.Table.escapeHtml;
import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers a reader came for, one sentence per comparison, for the top of the report: "reuse saves 37 ms
 * per request over no-reuse (1.59x) and 3,693 of its 3,696 connections". Scenarios are compared within their
 * {@link Group} (same transport and stacks), each against the group's {@code reuse} scenario (else its
 * first); a fault is summed up by what each configuration lost; a scenario with nothing to compare to by its
 * own p50.
 */
final class Headlines {

	private Headlines() {
	}

	/** Scenarios that can be compared: the same transport on the same stacks, or the same fault. */
	record Group(String label, List<ScenarioResult> scenarios) {

		/** Groups in the order of their first scenario; one group without a label when all share one. */
		static List<Group> of(List<ScenarioResult> scenarios) {
			boolean withStacks = ServerStack.anyButDefaultIn(scenarios);
			Map<String, List<ScenarioResult>> byKey = new LinkedHashMap<>();
			for (ScenarioResult scenario : scenarios) {
				byKey.computeIfAbsent(key(scenario, withStacks), (key) -> new ArrayList<>()).add(scenario);
			}
			if (byKey.size() == 1) {
				return List.of(new Group("", scenarios));
			}
			return byKey.entrySet().stream().map((entry) -> new Group(entry.getKey(), entry.getValue())).toList();
		}

		private static String key(ScenarioResult scenario, boolean withStacks) {
			if (scenario.fault().isPresent()) {
				return scenario.fault().get().fault();
			}
			return scenario.settings()
				.map((settings) -> settings.transport().id()
						+ (withStacks ? " on " + ServerStack.label(scenario.stacks()).orElse("netty") : ""))
				.orElse("");
		}

		/** The scenario the others are compared with: the first {@code reuse} one, else the first. */
		ScenarioResult baseline() {
			return this.scenarios.stream()
				.filter((scenario) -> scenario.settings().filter((it) -> it.mode() == ReuseMode.REUSE).isPresent())
				.findFirst()
				.orElse(this.scenarios.get(0));
		}

		boolean faults() {
			return this.scenarios.stream().allMatch((scenario) -> scenario.fault().isPresent());
		}

	}

	/** One sentence: its plain text for the console, and its HTML for the page. */
	record Headline(String text, String html) {
	}

	static List<Headline> of(List<ScenarioResult> scenarios, ScenarioColours colours) {
		List<Headline> headlines = new ArrayList<>();
		for (Group group : Group.of(scenarios)) {
			String prefix = group.label().isEmpty() ? "" : group.label() + ": ";
			if (group.faults()) {
				headlines.add(fault(group.scenarios().get(0).fault().get().fault() + ": ", group, colours));
			}
			else if (group.scenarios().size() == 1) {
				headlines.add(alone(prefix, group.scenarios().get(0), colours));
			}
			else {
				ScenarioResult baseline = group.baseline();
				group.scenarios()
					.stream()
					.filter((other) -> other != baseline)
					.forEach((other) -> headlines.add(comparison(prefix, baseline, other, colours)));
			}
		}
		return headlines;
	}

	/**
	 * "reuse saves 37 ms per request over no-reuse (1.59x) and 3,693 of its 3,696 connections": the p50s,
	 * and the connections the other scenario opened against what the baseline would have opened for as
	 * many requests.
	 */
	static Headline comparison(String prefix, ScenarioResult baseline, ScenarioResult other, ScenarioColours colours) {
		long baseP50 = baseline.latencies().getValueAtPercentile(50);
		long otherP50 = other.latencies().getValueAtPercentile(50);
		long savedMs = otherP50 - baseP50;
		String factor = (baseP50 > 0) ? format("%.2fx", (double) otherP50 / baseP50) : "n/a";
		long requests = other.receiverOf(Hop.CLIENT_TO_PUBLIC).inbound().requests();
		long otherOpened = Math.round(other.connectionsPerRequest() * requests);
		long baselineWouldOpen = Math.round(baseline.connectionsPerRequest() * requests);
		long savedConnections = otherOpened - baselineWouldOpen;
		String base = label(baseline);
		String versus = label(other);
		String time = (savedMs >= 0) ? "saves %s per request over %s (%s)" : "costs %s more per request than %s (%s)";
		String connections = (savedConnections >= 0) ? "%s of its %s connections" : "opens %s more connections";
		String verb = (savedConnections >= 0) ? ((savedMs >= 0) ? " and " : " but saves ")
				: ((savedMs >= 0) ? " but " : " and ");
		String sentence = base + " " + time.formatted(ms(Math.abs(savedMs)), versus, factor) + verb
				+ connections.formatted(count(Math.abs(savedConnections)), count(otherOpened));
		String context = "%s p50 %d ms vs %s %d ms; %s vs %s connections per request".formatted(baseline.name(),
				baseP50, other.name(), otherP50, format("%.3f", baseline.connectionsPerRequest()),
				format("%.3f", other.connectionsPerRequest()));
		String html = escapeHtml(prefix) + colours.swatch(baseline) + strong(base) + " "
				+ time.formatted(strong(ms(Math.abs(savedMs))), colours.swatch(other) + strong(versus), strong(factor))
				+ verb + connections.formatted(strong(count(Math.abs(savedConnections))), count(otherOpened))
				+ " <span class=\"context\">" + escapeHtml(context) + "</span>";
		return new Headline(prefix + sentence + " (" + context + ")", html);
	}

	/** "idle-drop: naive lost 12 of 300 requests (failure reproduced); hardened lost none (survived)". */
	private static Headline fault(String prefix, Group group, ScenarioColours colours) {
		List<String> texts = new ArrayList<>();
		List<String> htmls = new ArrayList<>();
		for (ScenarioResult scenario : group.scenarios()) {
			FaultSettings fault = scenario.fault().get();
			RunSummary summary = scenario.summary();
			String lost = (summary.failures() == 0) ? "lost none of " + count(summary.requests()) + " requests"
					: "lost " + count(summary.failures()) + " of " + count(summary.requests()) + " requests";
			String verdict = FaultTable.verdict(fault, summary).text().replace(Table.WARNING, "").strip();
			boolean problem = FaultTable.verdict(fault, summary).problem();
			texts.add(fault.configuration() + " " + lost + " (" + verdict + ")");
			htmls.add(colours.swatch(scenario) + "<strong>" + escapeHtml(fault.configuration()) + "</strong> "
					+ escapeHtml(lost) + " <span class=\"" + (problem ? "warning" : "context") + "\">("
					+ escapeHtml(verdict) + ")</span>");
		}
		return new Headline(prefix + String.join("; ", texts), escapeHtml(prefix) + String.join("; ", htmls));
	}

	private static Headline alone(String prefix, ScenarioResult scenario, ScenarioColours colours) {
		long p50 = scenario.latencies().getValueAtPercentile(50);
		String predicted = scenario.prediction().map((it) -> format(" (predicted %.1f ms)", it.totalMs())).orElse("");
		String text = "%s p50 %d ms%s, %s req/s, %s connections per request".formatted(scenario.name(), p50, predicted,
				format("%.1f", scenario.summary().throughputPerSecond()), format("%.3f", scenario.connectionsPerRequest()));
		return new Headline(prefix + text, escapeHtml(prefix) + colours.swatch(scenario) + escapeHtml(text));
	}

	/** The mode a scenario ran, or its name when it has no scenario.json. */
	private static String label(ScenarioResult scenario) {
		return scenario.settings().map((settings) -> settings.mode().id()).orElse(scenario.name());
	}

	private static String ms(long ms) {
		return ms + " ms";
	}

	private static String count(long count) {
		return format("%,d", count);
	}

	private static String strong(String text) {
		return "<strong>" + escapeHtml(text) + "</strong>";
	}

}
