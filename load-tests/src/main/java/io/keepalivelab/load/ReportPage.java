package io.keepalivelab.load;

import static io.keepalivelab.load.Table.escapeHtml;
import static io.keepalivelab.load.Table.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The {@code report.html} of a run, laid out for a reader who looks before reading. The first screen
 * answers the question: one headline per comparison ({@link Headlines}), a small summary table and the
 * latency distributions of every scenario overlaid on one axis ({@link LatencyChart}; in a matrix, one small
 * chart per transport on the same axis). Then a waterfall per scenario ({@link Waterfall}), the fault
 * timelines of a faults run ({@link FaultTimeline}), every table of the report with its notes folded
 * ({@code <details>}), and a link to each Gatling report. Charts are inline SVG; the page template
 * {@code report-page.html} gets its style sheet {@code report-page.css} inlined, so the page opens from disk
 * with no other file and no script.
 */
final class ReportPage {

	private static final String TEMPLATE = "report-page.html";

	private static final String STYLE = "report-page.css";

	/** The chart of a run whose scenarios all compare on one chart; smaller ones side by side otherwise. */
	private static final int WIDE_CHART_WIDTH = 1000;

	private static final int WIDE_CHART_HEIGHT = 340;

	private static final int SMALL_CHART_WIDTH = 620;

	private static final int SMALL_CHART_HEIGHT = 280;

	private ReportPage() {
	}

	/**
	 * @param tables the tables the report printed, in that order
	 * @param problems what kept a scenario out of the report or made it fail, shown first
	 */
	static String html(Path runDir, List<ScenarioResult> scenarios, List<Table> tables, List<String> problems) {
		ScenarioColours colours = ScenarioColours.of(scenarios);
		StringBuilder body = new StringBuilder();
		body.append("<header>\n<h1>Connection reuse: ").append(escapeHtml(runDir.getFileName().toString()))
			.append("</h1>\n");
		if (!problems.isEmpty()) {
			body.append("<ul class=\"problems\">\n");
			problems.forEach((problem) -> body.append("<li>").append(escapeHtml(problem)).append("</li>\n"));
			body.append("</ul>\n");
		}
		body.append("<ul id=\"headline\" class=\"headline\">\n");
		Headlines.of(scenarios, colours).forEach((headline) -> body.append("<li>").append(headline.html()).append("</li>\n"));
		body.append("</ul>\n");
		body.append(summary(scenarios, colours));
		body.append(distribution(scenarios, colours));
		body.append("</header>\n");
		body.append(waterfalls(scenarios, colours));
		body.append(faultTimelines(scenarios, colours));
		body.append("<section id=\"details\">\n<h2>Every figure</h2>\n");
		tables.forEach((table) -> body.append(table.toHtml()));
		body.append(PredictionTable.of(scenarios).toHtml());
		body.append("</section>\n");
		body.append("<h2>Gatling reports</h2>\n<ul>\n");
		for (ScenarioResult scenario : scenarios) {
			body.append("<li>");
			scenario.gatlingIndex().ifPresentOrElse((index) -> {
				String href = runDir.relativize(index).toString().replace('\\', '/');
				body.append("<a href=\"").append(escapeHtml(href)).append("\">")
					.append(escapeHtml(scenario.name())).append("</a>");
			}, () -> body.append(escapeHtml(scenario.name())).append(": none"));
			body.append("</li>\n");
		}
		body.append("</ul>\n");
		return fill(resource(TEMPLATE), "{{css}}", resource(STYLE), "{{body}}", body.toString());
	}

	/** p50, its prediction, p99, throughput, connections per request and failures: one row per scenario. */
	static String summary(List<ScenarioResult> scenarios, ScenarioColours colours) {
		boolean withFloor = scenarios.stream().anyMatch((it) -> it.floor().isPresent() && it.prediction().isPresent());
		StringBuilder html = new StringBuilder("<table id=\"summary\" class=\"summary\">\n<tr><th>scenario</th>"
				+ "<th>p50 ms</th><th>predicted ms</th>" + (withFloor ? "<th>predicted + machine floor ms</th>" : "")
				+ "<th>p99 ms</th><th>throughput req/s</th><th>connections per request</th><th>failed</th></tr>\n");
		for (ScenarioResult scenario : scenarios) {
			long requests = scenario.summary().requests();
			html.append("<tr><td>").append(colours.swatch(scenario)).append(escapeHtml(scenario.name())).append("</td>")
				.append(number(Long.toString(scenario.latencies().getValueAtPercentile(50))))
				.append(number(scenario.prediction().map((it) -> format("%.1f", it.totalMs())).orElse("-")));
			if (withFloor) {
				html.append(number(scenario.prediction()
					.flatMap((prediction) -> scenario.floor()
						.map((floor) -> format("%.1f", prediction.totalMs() + floor.addedMs(prediction))))
					.orElse("-")));
			}
			html.append(number(Long.toString(scenario.latencies().getValueAtPercentile(99))))
				.append(number(format("%.1f", scenario.summary().throughputPerSecond())))
				.append(number(format("%.3f", scenario.connectionsPerRequest())))
				.append(number(scenario.summary().failures() + " of " + requests))
				.append("</tr>\n");
		}
		html.append("</table>\n<details class=\"notes\"><summary>How these are counted</summary>\n<p class=\"note\">")
			.append(escapeHtml("p50 and p99: Gatling's response times of the measured phase. Predicted: what the "
					+ "network alone makes one request cost (the waterfalls below show it hop by hop). Machine floor, "
					+ "where measured: what this machine adds, from the same chain at the same request rate with every link "
					+ "at 0 ms just before the measured phase, less the backend's work (the latency table has the "
					+ "ratios). Connections per "
					+ "request: connections opened on all three hops (on the wire where the link emulator counted them, "
					+ "else as the receiving server counted them) per request the chain received, the load's warm-up "
					+ "included. Headlines compare each scenario with the reuse scenario of the same transport: the "
					+ "difference of the p50s, their ratio, and the connections the other scenario opened beyond what "
					+ "reuse opens for as many requests."))
			.append("</p>\n</details>\n");
		return html.toString();
	}

	/** Every scenario's distribution on one axis: one chart, or one per group on the same axis. */
	static String distribution(List<ScenarioResult> scenarios, ScenarioColours colours) {
		List<LatencyChart.Series> all = series(scenarios, colours);
		LatencyChart.Axis axis = LatencyChart.Axis.of(all);
		List<Headlines.Group> groups = Headlines.Group.of(scenarios);
		StringBuilder html = new StringBuilder("<figure id=\"distribution\" class=\"distribution\">\n");
		if (groups.size() == 1) {
			html.append(LatencyChart.svg("", all, axis, WIDE_CHART_WIDTH, WIDE_CHART_HEIGHT));
		}
		else {
			for (Headlines.Group group : groups) {
				html.append(LatencyChart.svg(group.label(), series(group.scenarios(), colours), axis, SMALL_CHART_WIDTH,
						SMALL_CHART_HEIGHT));
			}
		}
		html.append("<figcaption>Share of requests answered within x ms, every scenario on the same axis")
			.append(axis.log() ? " (logarithmic: the slowest requests are many times the fastest)" : "")
			.append(all.stream().anyMatch((one) -> one.predictedMs().isPresent())
					? "; dashed: each scenario's predicted latency" : "")
			.append(". A step is a group of requests: those that paid a handshake and those on a kept connection show "
					+ "as two.</figcaption>\n</figure>\n");
		return html.toString();
	}

	private static List<LatencyChart.Series> series(List<ScenarioResult> scenarios, ScenarioColours colours) {
		return scenarios.stream()
			.map((scenario) -> new LatencyChart.Series(scenario.name(), colours.of(scenario), scenario.latencies(),
					scenario.prediction()
						.map((prediction) -> OptionalDouble.of(prediction.totalMs()))
						.orElse(OptionalDouble.empty())))
			.toList();
	}

	/** A waterfall per scenario with a prediction, all on the scale of the slowest. */
	static String waterfalls(List<ScenarioResult> scenarios, ScenarioColours colours) {
		List<ScenarioResult> predicted = scenarios.stream().filter((it) -> it.prediction().isPresent()).toList();
		if (predicted.isEmpty()) {
			return "";
		}
		double scale = predicted.stream()
			.mapToDouble((it) -> Math.max(it.prediction().get().totalMs(), it.latencies().getValueAtPercentile(50)))
			.max()
			.orElse(1);
		StringBuilder html = new StringBuilder("<section id=\"waterfalls\">\n<h2>Where the time of one request goes</h2>\n");
		for (ScenarioResult scenario : predicted) {
			html.append("<figure class=\"waterfall\">\n")
				.append(Waterfall.svg(scenario.name(), colours.of(scenario), scenario.prediction().get(),
						scenario.latencies().getValueAtPercentile(50), scale))
				.append("</figure>\n");
		}
		html.append("<details class=\"notes\"><summary>How the prediction is made</summary>\n<p class=\"note\">")
			.append(escapeHtml("Each hop costs one round trip (2d, d the link's one-way delay) per call; a call on a "
					+ "new connection first pays its handshakes: 1 round trip for TCP, +1 for TLS 1.3, +2 for TLS 1.2, +1 "
					+ "for HTTP/2's SETTINGS. Light segments are handshakes, what reuse removes; grey is the backend's "
					+ "work. The measured p50 is drawn below; the part beyond the prediction is what the network does "
					+ "not explain: CPU time and queuing. All waterfalls share one scale."))
			.append("</p>\n</details>\n</section>\n");
		return html.toString();
	}

	/** In a faults run, a timeline per fault scenario, side by side per fault. */
	static String faultTimelines(List<ScenarioResult> scenarios, ScenarioColours colours) {
		List<ScenarioResult> faults = scenarios.stream().filter((it) -> it.fault().isPresent()).toList();
		if (faults.isEmpty()) {
			return "";
		}
		StringBuilder html = new StringBuilder("<section id=\"timelines\">\n<h2>Faults second by second</h2>\n");
		String current = null;
		for (ScenarioResult scenario : faults) {
			FaultSettings fault = scenario.fault().get();
			if (!fault.fault().equals(current)) {
				html.append((current == null) ? "" : "</div>\n").append("<h3>").append(escapeHtml(fault.fault()))
					.append(": ").append(escapeHtml(fault.description())).append("</h3>\n<div class=\"timelines\">\n");
				current = fault.fault();
			}
			html.append("<figure class=\"timeline\">\n");
			scenario.timeline().ifPresentOrElse(
					(timeline) -> html.append(FaultTimeline.svg(scenario.name(), colours.of(scenario), timeline, fault)),
					() -> html.append("<p class=\"note\">").append(escapeHtml(scenario.name()))
						.append(": no timeline.json (a run from before the simulation wrote one)</p>\n"));
			html.append("</figure>\n");
		}
		html.append("</div>\n<details class=\"notes\"><summary>How to read the timelines</summary>\n<p class=\"note\">")
			.append(escapeHtml("Requests of the measured phase that ended in each second: in the scenario's colour the "
					+ "ones that succeeded, in red the ones that failed. Shaded: when the fault acted, from fault.json; "
					+ "a fault without times there is a condition of the whole run (an idle timeout, a NAT, a limit)."))
			.append("</p>\n</details>\n</section>\n");
		return html.toString();
	}

	private static String number(String text) {
		return "<td class=\"number\">" + escapeHtml(text) + "</td>";
	}

	/**
	 * The template with each placeholder line replaced by its content, which ends with its own newline; the
	 * placeholders are replaced in order, so no content is searched for the next one.
	 */
	private static String fill(String template, String... placeholdersAndContents) {
		StringBuilder page = new StringBuilder();
		int from = 0;
		for (int i = 0; i < placeholdersAndContents.length; i += 2) {
			String line = placeholdersAndContents[i] + "\n";
			int at = template.indexOf(line, from);
			if (at < 0) {
				throw new IllegalStateException(TEMPLATE + " has no line " + placeholdersAndContents[i]);
			}
			page.append(template, from, at).append(placeholdersAndContents[i + 1]);
			from = at + line.length();
		}
		return page.append(template, from, template.length()).toString();
	}

	private static String resource(String name) {
		try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("No " + name + " next to " + ReportPage.class.getName());
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
