package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;

class ReportPageTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void htmlReportIsSelfContainedAndLinksEachGatlingReport() throws IOException {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).contains("<a href=\"reuse/gatling/chainsimulation-1/index.html\">reuse</a>")
			.contains("<a href=\"no-reuse/gatling/chainsimulation-1/index.html\">no-reuse</a>")
			.contains("<th>p50 / reuse p50</th>")
			.contains("<td>2.00x</td>")
			.doesNotContain("<script")
			.doesNotContain("<link")
			.doesNotContain("http:")
			.doesNotContain("https:");
	}

	@Test
	void htmlShowsThePredictionPerHopAndAWellFormedChartPerScenario() throws Exception {
		this.run.writeEmulatedRun();
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12", "reuse")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).contains("<td class=\"warning\">1.32 (!)</td>")
			.contains("<td>1.05</td>")
			.contains("<h2>Predicted latency per hop</h2>")
			.contains("<tr><td>no-reuse-tls12</td><td>client -&gt; public-api</td><td>15.000</td>"
					+ "<td>new (HTTP/1.1 over TLS 1.2)</td><td>4</td><td>1</td><td>120.0</td></tr>")
			.contains("<tr><td>no-reuse-tls12</td><td>orchestration-api -&gt; backend-api</td><td>0.500</td>"
					+ "<td>new (HTTP/1.1 over TLS 1.2)</td><td>4</td><td>2</td><td>8.0</td></tr>")
			.contains("<tr><td>no-reuse-tls12</td><td>total</td><td></td><td></td><td></td><td></td><td>152.0</td></tr>")
			.doesNotContain("<script")
			.doesNotContain("http:");
		// Three transports (plain, tls12, none): three small distribution charts, then a waterfall per prediction.
		List<Document> svgs = this.run.svgs();
		assertThat(svgs).hasSize(5);
		assertThat(svgs).extracting((svg) -> svg.getDocumentElement().getAttribute("class"))
			.containsExactly("latency-chart", "latency-chart", "latency-chart", "waterfall", "waterfall");
		assertThat(svgs.subList(0, 3)).extracting(LatencyChartTests::predictedMarkers)
			.containsExactly(List.of("#0072b2"), List.of("#d55e00"), List.of());
		assertThat(LatencyChartTests.text(svgs.get(1))).contains("tls12", "no-reuse-tls12: p50 160 ms, p99 160 ms",
				"predicted 152");
		assertThat(LatencyChartTests.text(svgs.get(4))).contains("no-reuse-tls12: predicted 152.0 ms, measured p50 160 ms");
	}

	@Test
	void styleSheetIsInlinedAndTheFirstScreenIsTheHeadlineTheSummaryAndTheChart() throws IOException {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).startsWith("<!DOCTYPE html>\n")
			.contains("<style>\nbody { font-family: sans-serif;")
			.contains(".warning { color: #a00; font-weight: bold; }")
			.contains("</style>\n</head>\n<body>\n<header>\n<h1>Connection reuse: " + this.run.dir().getFileName()
					+ "</h1>\n<ul id=\"headline\" class=\"headline\">\n<li>")
			.endsWith("</ul>\n</body>\n</html>\n")
			.doesNotContain("{{");
		int headline = html.indexOf("id=\"headline\"");
		int summary = html.indexOf("id=\"summary\"");
		int chart = html.indexOf("id=\"distribution\"");
		int details = html.indexOf("<h2>Latency (ms) and throughput</h2>");
		assertThat(headline).isPositive().isLessThan(summary);
		assertThat(summary).isLessThan(chart);
		assertThat(chart).isLessThan(html.indexOf("</header>")).isLessThan(details);
	}

	@Test
	void summaryHasARowPerScenarioInItsColourAndTheHeadlineSaysWhatReuseSaves() throws IOException {
		this.run.writeDefaultRun();
		assertThat(this.run.report("reuse.plain", "no-reuse.plain")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).contains("<tr><td><span class=\"swatch\" style=\"background:#0072b2\"></span>reuse.plain</td>"
				+ "<td class=\"number\">62</td><td class=\"number\">53.0</td><td class=\"number\">70</td>"
				+ "<td class=\"number\">59.2</td><td class=\"number\">0.020</td><td class=\"number\">0 of 592</td></tr>")
			.contains("<span class=\"swatch\" style=\"background:#d55e00\"></span>no-reuse.plain</td>")
			.contains("<strong>reuse</strong> saves <strong>38 ms</strong> per request over ");
		assertThat(this.run.out()).startsWith("reuse saves 38 ms per request over no-reuse (1.61x) and 2,356 of its 2,368 "
				+ "connections (reuse.plain p50 62 ms vs no-reuse.plain 100 ms; 0.020 vs 4.000 connections per request)\n");
	}

	@Test
	void summaryAddsTheMachineFloorToThePredictionWhereItWasMeasured() throws IOException {
		this.run.writeDefaultRun();
		// 29 ms with every link at 0, the backend's work 20: the machine adds 9 ms to reuse.plain's 53.
		this.run.writeFloor("reuse.plain", 29, null);
		assertThat(this.run.report("reuse.plain", "no-reuse.plain")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).contains("<th>predicted ms</th><th>predicted + machine floor ms</th>")
			.contains("reuse.plain</td><td class=\"number\">62</td><td class=\"number\">53.0</td>"
					+ "<td class=\"number\">62.0</td>")
			.contains("no-reuse.plain</td><td class=\"number\">100</td><td class=\"number\">86.0</td>"
					+ "<td class=\"number\">-</td>");
	}

	@Test
	void tableNotesAreFoldedUnderTheirTable() throws IOException {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.html()).contains("</table>\n<details class=\"notes\"><summary>About this table</summary>\n"
				+ "<p class=\"note\">Gatling response times of the measured phase")
			.doesNotContain("</table>\n<p class=\"note\">");
	}

	@Test
	void everyChartOfAMatrixSharesOneAxis() throws Exception {
		this.run.writeModeScenario("reuse.plain", "reuse", "plain", 62);
		this.run.writeModeScenario("no-reuse.plain", "no-reuse", "plain", 100);
		this.run.writeModeScenario("reuse.tls12", "reuse", "tls12", 62);
		this.run.writeModeScenario("no-reuse.tls12", "no-reuse", "tls12", 300);
		assertThat(this.run.report("reuse.plain", "no-reuse.plain", "reuse.tls12", "no-reuse.tls12"))
			.isEqualTo(ComparisonReport.OK);
		List<Document> charts = this.run.svgs()
			.stream()
			.filter((svg) -> svg.getDocumentElement().getAttribute("class").equals("latency-chart"))
			.toList();
		assertThat(charts).hasSize(2);
		// The x axis's tick labels are the only texts that are bare numbers.
		List<List<String>> ticks = charts.stream()
			.map((svg) -> LatencyChartTests.text(svg).lines().filter((text) -> text.matches("\\d+")).toList())
			.toList();
		assertThat(ticks.get(0)).isNotEmpty().contains("300").isEqualTo(ticks.get(1));
	}

}
