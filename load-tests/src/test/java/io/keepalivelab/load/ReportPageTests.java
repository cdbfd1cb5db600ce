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
		List<Document> svgs = this.run.svgs();
		assertThat(svgs).hasSize(3);
		assertThat(svgs).extracting(LatencyChartTests::predictedMarkers).containsExactly(1, 1, 0);
		assertThat(LatencyChartTests.text(svgs.get(1))).contains("no-reuse-tls12: 400 requests, p50 160 ms, "
				+ "predicted 152.0 ms");
		assertThat(svgs.get(1).getElementsByTagName("rect").getLength()).isEqualTo(1);
	}

	@Test
	void styleSheetIsInlinedAndTheTablesFollowTheHeading() throws IOException {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		String html = this.run.html();
		assertThat(html).startsWith("<!DOCTYPE html>\n")
			.contains("<style>\nbody { font-family: sans-serif;")
			.contains(".warning { color: #a00; font-weight: bold; }")
			.contains("</style>\n</head>\n<body>\n<h1>Connection reuse comparison: " + this.run.dir().getFileName() + "</h1>\n"
					+ "<h2>Latency (ms) and throughput</h2>")
			.endsWith("</ul>\n</body>\n</html>\n")
			.doesNotContain("{{");
	}

}
