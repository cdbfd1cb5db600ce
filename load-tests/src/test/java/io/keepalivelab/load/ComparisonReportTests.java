package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The report's command line: its arguments, its exit status, what it does with a scenario it cannot load,
 * and the stack columns that the latency and connections tables show together.
 */
class ComparisonReportTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void missingArgumentsPrintUsage() {
		assertThat(this.run.run()).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).startsWith("Usage: ComparisonReport");
	}

	@Test
	void missingScenarioDirectoryFails() {
		assertThat(this.run.report("reuse", "h2")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("scenario 'h2': missing directory");
	}

	@Test
	void missingFileFailsWithItsPathButReportsTheOtherScenarios() throws IOException {
		Path missing = this.run.dir().resolve("no-reuse/connections/backend-api.json");
		Files.delete(missing);
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("missing file " + missing);
		assertThat(this.run.out()).contains("| reuse | - | - | 100 |")
			.doesNotContain("| no-reuse |");
		assertThat(this.run.dir().resolve(ComparisonReport.HTML_FILE_NAME)).content().contains("missing file");
	}

	@Test
	void malformedSummaryFails() throws IOException {
		Files.writeString(this.run.dir().resolve("reuse/summary.json"), "{\"users\": 4}");
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("scenario 'reuse': malformed file");
	}

	@Test
	void unknownTransportIsAMalformedScenario() throws IOException {
		this.run.writeEmulatedRun();
		Files.writeString(this.run.dir().resolve("reuse-plain/scenario.json"),
				RunDirectory.settings("reuse-plain", "reuse", "quic", true));
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("scenario 'reuse-plain': malformed file")
			.contains("scenario.json");
		assertThat(this.run.out()).contains("| no-reuse-tls12 | no-reuse | tls12 |");
	}

	@Test
	void unknownStackOrAServiceWithoutOneIsAMalformedScenario() throws IOException {
		this.run.writeStackScenario("reuse.plain.jetty", "netty", "netty", "netty");
		Files.writeString(this.run.dir().resolve("reuse.plain.jetty/scenario.json"),
				RunDirectory.stackSettings("reuse.plain.jetty", "netty", "netty", "jetty"));
		assertThat(this.run.report("reuse.plain.jetty")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("scenario 'reuse.plain.jetty': malformed file")
			.contains("scenario.json");
		this.run.resetOutput();
		Files.writeString(this.run.dir().resolve("reuse.plain.jetty/scenario.json"),
				RunDirectory.stackSettings("reuse.plain.jetty", "netty", "netty", "netty").replace(",\"backend-api\":\"netty\"", ""));
		assertThat(this.run.report("reuse.plain.jetty")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("malformed file")
			.contains("stacks must name the stack of each of [public-api, orchestration-api, backend-api]");
	}

	@Test
	void failedRequestsFailTheReportAfterPrintingIt() throws IOException {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(20, 90);
		this.run.writeScenario("reuse", latencies, true, 10, new long[] { 4, 4, 4 });
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.FAILED_REQUESTS);
		assertThat(this.run.err())
			.contains("scenario 'reuse': 10 of 100 measured requests failed");
		assertThat(this.run.out()).contains("| reuse | - | - | 100 | 20 |")
			.contains("| 10 | 1.00x |");
	}

	@Test
	void runWithoutScenarioLinksOrMetricsStillReportsAndSaysWhatIsMissing() throws IOException {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("[1] No scenario.json (a fault scenario, or a run the demo did not set up, such as compose's load "
					+ "service)")
			.doesNotContain("Predicted =")
			.contains("[2] No links.json")
			.contains("| reuse | public-api -> orchestration-api | n/a | n/a | n/a | 0 | n/a | n/a |")
			.doesNotContain("(!)");
		assertThat(this.run.err()).isEmpty();
		// Without scenario.json: the distribution chart alone, no prediction to mark, no waterfall.
		assertThat(this.run.svgs()).hasSize(1).allSatisfy((svg) -> assertThat(LatencyChartTests.predictedMarkers(svg)).isEmpty());
	}

	@Test
	void stacksSideBySideShowTheTomcatRequestLimitOnEveryHopIntoTomcat() throws IOException {
		this.run.writeStackScenario("reuse.plain.netty", "netty", "netty", "netty");
		this.run.writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		assertThat(this.run.report("reuse.plain.netty", "reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| scenario | mode | transport | stack | requests | p50 | predicted p50 |")
			.contains("| reuse.plain.netty | reuse | plain | netty | 1000 | 60 | 53.0 | 1.13 |")
			.contains("| reuse.plain.tomcat | reuse | plain | tomcat | 1000 | 60 | 53.0 | 1.13 |")
			.contains("Stack: the server each service ran on (--stacks)")
			.contains("| scenario | hop | server stack | server: connections with requests | caller opened | on the wire | requests "
					+ "| opened per request | closed at request limit | perfect reuse needs |")
			.contains("| reuse.plain.netty | client -> public-api | netty | 4 | - | 4 | 1000 | 0.004 | 0 (no limit) | 4 |")
			.contains("| reuse.plain.netty | orchestration-api -> backend-api | netty | 4 | 4 | 4 | 2000 | 0.002 "
					+ "| 0 (no limit) | 4 |")
			.contains("| reuse.plain.tomcat | client -> public-api | tomcat | 14 | - | 14 | 1000 | 0.014 "
					+ "| 10 (limit 100) | 4 |")
			.contains("| reuse.plain.tomcat | public-api -> orchestration-api | tomcat | 14 | 14 | 14 | 1000 | 0.014 "
					+ "| 10 (limit 100) | 4 |")
			.contains("| reuse.plain.tomcat | orchestration-api -> backend-api | tomcat | 24 | 24 | 24 | 2000 | 0.012 "
					+ "| 20 (limit 100) | 4 |")
			.contains("Closed at request limit: kept-alive connections the receiving server closed")
			.contains("(0.010 into a Tomcat hop)")
			.doesNotContain("[3]");
		String html = this.run.html();
		assertThat(html).contains("<th>transport</th><th>stack</th><th>requests</th>")
			.contains("<td>reuse.plain.tomcat</td><td>reuse</td><td>plain</td><td>tomcat</td>")
			.contains("<th>hop</th><th>server stack</th><th>server: connections with requests</th>")
			.contains("<td>0.012</td><td>20 (limit 100)</td>");
	}

	@Test
	void mixedChainNamesEachServiceStackInChainOrder() throws IOException {
		this.run.writeStackScenario("reuse.plain.tomcat-netty-netty", "tomcat", "netty", "netty");
		assertThat(this.run.report("reuse.plain.tomcat-netty-netty")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse.plain.tomcat-netty-netty | reuse | plain | tomcat/netty/netty | 1000 |")
			.contains("| reuse.plain.tomcat-netty-netty | client -> public-api | tomcat | 14 | - | 14 | 1000 | 0.014 "
					+ "| 10 (limit 100) | 4 |")
			.contains("| reuse.plain.tomcat-netty-netty | public-api -> orchestration-api | netty | 4 | 4 | 4 | 1000 "
					+ "| 0.004 | 0 (no limit) | 4 |")
			.contains("| reuse.plain.tomcat-netty-netty | orchestration-api -> backend-api | netty | 4 | 4 | 4 | 2000 "
					+ "| 0.002 | 0 (no limit) | 4 |");
	}

	@Test
	void runOnTheDefaultStackReadsAsBeforeThereWereTwo() throws IOException {
		this.run.writeStackScenario("reuse.plain", "netty", "netty", "netty");
		assertThat(this.run.report("reuse.plain")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| scenario | mode | transport | requests | p50 |")
			.contains("| reuse.plain | reuse | plain | 1000 | 60 |")
			.contains("| scenario | hop | server: connections with requests | caller opened | on the wire | requests | opened per request "
					+ "| perfect reuse needs |")
			.contains("| reuse.plain | orchestration-api -> backend-api | 4 | 4 | 4 | 2000 | 0.002 | 4 |")
			.doesNotContain("stack")
			.doesNotContain("request limit");
	}

	@Test
	void stackProfileThatDidNotReachAServiceIsFootnoted() throws IOException {
		this.run.writeStackScenario("reuse.plain.tomcat", "netty", "netty", "netty");
		Files.writeString(this.run.dir().resolve("reuse.plain.tomcat/scenario.json"),
				RunDirectory.stackSettings("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat"));
		assertThat(this.run.report("reuse.plain.tomcat")).as("a setting that did not reach a service is told, not fatal")
			.isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse.plain.tomcat | reuse | plain | netty [3] | 1000 |")
			.contains("[3] scenario 'reuse.plain.tomcat': public-api ran on netty, scenario.json says tomcat: the "
					+ "stack profile did not reach it.")
			.contains("[3] scenario 'reuse.plain.tomcat': backend-api ran on netty, scenario.json says tomcat")
			.contains("| reuse.plain.tomcat | client -> public-api | netty | 4 |");
	}

	@Test
	void snapshotWithoutAStackShowsTheOneScenarioJsonAskedFor() throws IOException {
		this.run.writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		Files.writeString(this.run.dir().resolve("reuse.plain.tomcat/connections/backend-api.json"),
				RunDirectory.connections("backend-api", 24, 2000, null, 0, 0));
		assertThat(this.run.report("reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse.plain.tomcat | reuse | plain | tomcat | 1000 |")
			.contains("| reuse.plain.tomcat | orchestration-api -> backend-api | tomcat | 24 | 24 | 24 | 2000 | 0.012 "
					+ "| n/a | 4 |");
	}

}
