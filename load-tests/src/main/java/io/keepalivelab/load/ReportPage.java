package io.keepalivelab.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The {@code report.html} of a run: the report's tables, the prediction hop by hop, a latency chart per
 * scenario and a link to each Gatling report, in the page template {@code report-page.html} with its
 * style sheet {@code report-page.css} inlined, so the page opens from disk with no other file.
 */
final class ReportPage {

	private static final String TEMPLATE = "report-page.html";

	private static final String STYLE = "report-page.css";

	private ReportPage() {
	}

	/**
	 * @param tables the tables the report printed, in that order
	 * @param problems what kept a scenario out of the report or made it fail, shown first
	 */
	static String html(Path runDir, List<ScenarioResult> scenarios, List<Table> tables, List<String> problems) {
		StringBuilder body = new StringBuilder();
		body.append("<h1>Connection reuse comparison: ").append(Table.escapeHtml(runDir.getFileName().toString()))
			.append("</h1>\n");
		if (!problems.isEmpty()) {
			body.append("<ul class=\"problems\">\n");
			problems.forEach((problem) -> body.append("<li>").append(Table.escapeHtml(problem)).append("</li>\n"));
			body.append("</ul>\n");
		}
		tables.forEach((table) -> body.append(table.toHtml()));
		body.append(PredictionTable.of(scenarios).toHtml());
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
		return fill(resource(TEMPLATE), "{{css}}", resource(STYLE), "{{body}}", body.toString());
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
