package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ComparisonReportTests {

	@TempDir
	Path runDir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void writeRun() throws IOException {
		Histogram reuse = new Histogram(3);
		reuse.recordValueWithCount(20, 90);
		reuse.recordValueWithCount(30, 5);
		reuse.recordValueWithCount(50, 4);
		reuse.recordValue(200);
		writeScenario("reuse", reuse, true, 0, new long[] { 4, 4, 4 });
		Histogram noReuse = new Histogram(3);
		noReuse.recordValueWithCount(40, 400);
		writeScenario("no-reuse", noReuse, false, 0, new long[] { 400, 400, 800 });
	}

	@Test
	void latencyRowsShowPercentilesOfEachScenarioLatencyLogInMilliseconds() {
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| scenario | mode | transport | requests | p50 | predicted p50 | p50 / predicted | p95 | p99 | "
					+ "max | mean | throughput req/s | failures | p50 / reuse p50 |")
			.contains("| reuse | - | - | 100 | 20 | n/a [1] | n/a | 30 | 50 | 200 | 23.50 | 10.0 | 0 | 1.00x |")
			.contains("| no-reuse | - | - | 400 | 40 | n/a [1] | n/a | 40 | 40 | 40 | 40.00 | 40.0 | 0 | 2.00x |");
	}

	@Test
	void connectionRowsCompareEachHopWithPerfectReuse() {
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| scenario | hop | server accepted | caller opened | on the wire | requests | opened per request "
					+ "| perfect reuse needs |")
			.contains("| reuse | client -> public-api | 4 | - | n/a [2] | 100 | 0.040 | 4 |")
			.contains("| reuse | public-api -> orchestration-api | 4 | 4 | n/a [2] | 100 | 0.040 | 4 |")
			.contains("| reuse | orchestration-api -> backend-api | 4 | 4 | n/a [2] | 200 | 0.020 | 4 |")
			.contains("| no-reuse | client -> public-api | 400 | - | n/a [2] | 400 | 1.000 | 4 [1] |")
			.contains("| no-reuse | public-api -> orchestration-api | 400 | 400 | n/a [2] | 400 | 1.000 | 4 |")
			.contains("| no-reuse | orchestration-api -> backend-api | 800 | 800 | n/a [2] | 800 | 1.000 | 4 |")
			.contains("[1] keepAlive=false");
	}

	@Test
	void htmlReportIsSelfContainedAndLinksEachGatlingReport() throws IOException {
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		String html = Files.readString(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME));
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
	void missingFileFailsWithItsPathButReportsTheOtherScenarios() throws IOException {
		Path missing = this.runDir.resolve("no-reuse/connections/backend-api.json");
		Files.delete(missing);
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("missing file " + missing);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| reuse | - | - | 100 |")
			.doesNotContain("| no-reuse |");
		assertThat(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME)).content().contains("missing file");
	}

	@Test
	void missingScenarioDirectoryFails() {
		assertThat(report("reuse", "h2")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("scenario 'h2': missing directory");
	}

	@Test
	void malformedSummaryFails() throws IOException {
		Files.writeString(this.runDir.resolve("reuse/summary.json"), "{\"users\": 4}");
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("scenario 'reuse': malformed file");
	}

	@Test
	void failedRequestsFailTheReportAfterPrintingIt() throws IOException {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(20, 90);
		writeScenario("reuse", latencies, true, 10, new long[] { 4, 4, 4 });
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.FAILED_REQUESTS);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("scenario 'reuse': 10 of 100 measured requests failed");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| reuse | - | - | 100 | 20 |")
			.contains("| 10 | 1.00x |");
	}

	@Test
	void missingArgumentsPrintUsage() {
		assertThat(run()).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("Usage: ComparisonReport");
	}

	@Test
	void oldRunWithoutScenarioLinksOrMetricsStillReportsAndSaysWhatIsMissing() throws IOException {
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("[1] No scenario.json (a run from before the network emulation)")
			.doesNotContain("Predicted =")
			.contains("[2] No links.json")
			.contains("| reuse | public-api -> orchestration-api | n/a | n/a | n/a | 0 | n/a | n/a |")
			.doesNotContain("(!)");
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(svgs()).hasSize(2).allSatisfy((svg) -> assertThat(LatencyChartTests.predictedMarkers(svg)).isZero());
	}

	@Test
	void emulatedRunComparesEachP50WithItsPredictionAndMarksADisagreement() throws IOException {
		writeEmulatedRun();
		assertThat(report("reuse-plain", "no-reuse-tls12")).as("a disagreement does not fail the run")
			.isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 | 1.32 (!) | 70 | 70 | 70 | 70.00 | 10.0 | 0 | 1.00x |")
			.contains("| no-reuse-tls12 | no-reuse | tls12 | 400 | 160 | 152.0 | 1.05 | 160 |")
			.contains("(!) p50 / predicted outside 0.85..1.25: the measurement disagrees with the physics")
			.doesNotContain("n/a [1]");
	}

	@Test
	void linksAddTheConnectionsSeenOnTheWire() throws IOException {
		writeEmulatedRun();
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse-plain | client -> public-api | 4 | - | 4 | 100 | 0.040 | 4 |")
			.contains("| no-reuse-tls12 | client -> public-api | 400 | - | 412 | 400 | 1.000 | 4 [1] |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 400 | 400 | 412 | 400 | 1.000 | 4 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 800 | 800 | 824 | 800 | 1.000 | 4 |")
			.doesNotContain("No links.json");
	}

	@Test
	void bareLoopbackWithoutWorkPredictsNothingToCompareWith() throws IOException {
		Files.writeString(this.runDir.resolve("reuse/scenario.json"), """
				{"name":"reuse","mode":"reuse","transport":"plain","customerDelayMs":0,"internalDelayMs":0,
				 "calls":2,"workMs":0,"clientKeepAlive":true,"jit":"c1"}
				""");
		assertThat(report("reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| 0.0 | n/a |")
			.doesNotContain("Infinity")
			.doesNotContain("(!)");
	}

	@Test
	void countersReadBeforeTheLoadAreSubtracted() throws IOException {
		writeEmulatedRun();
		Path dir = this.runDir.resolve("no-reuse-tls12");
		Path before = Files.createDirectories(dir.resolve("connections/before"));
		Files.writeString(before.resolve("public-api.json"),
				connections("public-api", 100, 100, "orchestration-api", 100, 100));
		Files.writeString(before.resolve("orchestration-api.json"),
				connections("orchestration-api", 100, 100, "backend-api", 200, 200));
		Files.writeString(before.resolve("backend-api.json"), connections("backend-api", 200, 200, null, 0, 0));
		Files.writeString(dir.resolve(NetworkLinks.BEFORE_FILE_NAME), links(15.0, 0, 100, 200));
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| no-reuse-tls12 | client -> public-api | 300 | - | 412 | 300 | 1.000 | 4 [1] |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 300 | 300 | 312 | 300 | 1.000 | 4 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 600 | 600 | 624 | 600 | 1.000 | 4 |");
	}

	@Test
	void handshakeTableShowsMeanConnectAndTlsTimesPerInternalHop() throws IOException {
		writeEmulatedRun();
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| scenario | hop | connects | mean connect | TLS handshakes | resumed | mean TLS handshake | "
					+ "network: handshake round trips x 2d |")
			.contains("| reuse-plain | public-api -> orchestration-api | 4 | 0.10 | 0 | 0 | - | 1.0 |")
			.contains("| reuse-plain | orchestration-api -> backend-api | n/a | n/a | n/a | 0 | n/a | 1.0 |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 400 | 0.05 | 400 | 0 | 3.50 | 3.0 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 800 | 0.10 | 800 | 0 | 4.00 | 3.0 |")
			.contains("The customer hop (load generator -> public-api) has no such metrics")
			.contains("1 line(s) of the metrics files did not parse");
	}

	@Test
	void linkDelayThatDiffersFromScenarioIsFootnoted() throws IOException {
		writeEmulatedRun();
		Files.writeString(this.runDir.resolve("reuse-plain/links.json"), links(20.0, 4, 4, 4));
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 [2] | 1.32 (!) |")
			.contains("| no-reuse-tls12 | no-reuse | tls12 | 400 | 160 | 152.0 | 1.05 |")
			.contains("[2] scenario 'reuse-plain': link 'customer' ran with d = 20.000 ms, scenario.json says "
					+ "15.000 ms; the prediction uses scenario.json.");
	}

	@Test
	void latencyNotesSayWhichJitEachScenarioRanOn() throws IOException {
		writeEmulatedRun();
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("The services' JIT (--jit): c1 in every scenario.");
		this.out.reset();
		Files.writeString(this.runDir.resolve("reuse-plain/scenario.json"),
				settings("reuse-plain", "reuse", "plain", true, "c2"));
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("The services' JIT (--jit): c1 (no-reuse-tls12); c2 (reuse-plain).");
	}

	@Test
	void unknownTransportIsAMalformedScenario() throws IOException {
		writeEmulatedRun();
		Files.writeString(this.runDir.resolve("reuse-plain/scenario.json"),
				settings("reuse-plain", "reuse", "quic", true));
		assertThat(report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("scenario 'reuse-plain': malformed file")
			.contains("scenario.json");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| no-reuse-tls12 | no-reuse | tls12 |");
	}

	@Test
	void htmlShowsThePredictionPerHopAndAWellFormedChartPerScenario() throws Exception {
		writeEmulatedRun();
		assertThat(report("reuse-plain", "no-reuse-tls12", "reuse")).isEqualTo(ComparisonReport.OK);
		String html = Files.readString(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME));
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
		List<Document> svgs = svgs();
		assertThat(svgs).hasSize(3);
		assertThat(svgs).extracting(LatencyChartTests::predictedMarkers).containsExactly(1, 1, 0);
		assertThat(LatencyChartTests.text(svgs.get(1))).contains("no-reuse-tls12: 400 requests, p50 160 ms, "
				+ "predicted 152.0 ms");
		assertThat(svgs.get(1).getElementsByTagName("rect").getLength()).isEqualTo(1);
	}

	@Test
	void stacksSideBySideShowTheTomcatRequestLimitOnEveryHopIntoTomcat() throws IOException {
		writeStackScenario("reuse.plain.netty", "netty", "netty", "netty");
		writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		assertThat(report("reuse.plain.netty", "reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| scenario | mode | transport | stack | requests | p50 | predicted p50 |")
			.contains("| reuse.plain.netty | reuse | plain | netty | 1000 | 60 | 53.0 | 1.13 |")
			.contains("| reuse.plain.tomcat | reuse | plain | tomcat | 1000 | 60 | 53.0 | 1.13 |")
			.contains("Stack: the server each service ran on (--stacks)")
			.contains("| scenario | hop | server stack | server accepted | caller opened | on the wire | requests "
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
		String html = Files.readString(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME));
		assertThat(html).contains("<th>transport</th><th>stack</th><th>requests</th>")
			.contains("<td>reuse.plain.tomcat</td><td>reuse</td><td>plain</td><td>tomcat</td>")
			.contains("<th>hop</th><th>server stack</th><th>server accepted</th>")
			.contains("<td>0.012</td><td>20 (limit 100)</td>");
	}

	@Test
	void mixedChainNamesEachServiceStackInChainOrder() throws IOException {
		writeStackScenario("reuse.plain.tomcat-netty-netty", "tomcat", "netty", "netty");
		assertThat(report("reuse.plain.tomcat-netty-netty")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
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
		writeStackScenario("reuse.plain", "netty", "netty", "netty");
		assertThat(report("reuse.plain")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| scenario | mode | transport | requests | p50 |")
			.contains("| reuse.plain | reuse | plain | 1000 | 60 |")
			.contains("| scenario | hop | server accepted | caller opened | on the wire | requests | opened per request "
					+ "| perfect reuse needs |")
			.contains("| reuse.plain | orchestration-api -> backend-api | 4 | 4 | 4 | 2000 | 0.002 | 4 |")
			.doesNotContain("stack")
			.doesNotContain("request limit");
	}

	@Test
	void requestLimitClosesBeforeTheLoadAreSubtracted() throws IOException {
		writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		Path before = Files.createDirectories(this.runDir.resolve("reuse.plain.tomcat/connections/before"));
		Files.writeString(before.resolve("public-api.json"),
				stackConnections("public-api", "tomcat", 64, 6000, 60, "orchestration-api", 64, 6000));
		Files.writeString(before.resolve("orchestration-api.json"),
				stackConnections("orchestration-api", "tomcat", 64, 6000, 60, "backend-api", 124, 12000));
		Files.writeString(before.resolve("backend-api.json"),
				stackConnections("backend-api", "tomcat", 124, 12000, 120, null, 0, 0));
		writeLinks("reuse.plain.tomcat", 14 + 64, 14 + 64, 24 + 124);
		Files.writeString(this.runDir.resolve("reuse.plain.tomcat").resolve(NetworkLinks.BEFORE_FILE_NAME),
				links(15.0, 64, 64, 124));
		rewriteConnections("reuse.plain.tomcat", new String[] { "tomcat", "tomcat", "tomcat" },
				new long[] { 64, 64, 124 }, 6000, new long[] { 60, 60, 120 });
		assertThat(report("reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse.plain.tomcat | client -> public-api | tomcat | 14 | - | 14 | 1000 | 0.014 "
					+ "| 10 (limit 100) | 4 |")
			.contains("| reuse.plain.tomcat | orchestration-api -> backend-api | tomcat | 24 | 24 | 24 | 2000 | 0.012 "
					+ "| 20 (limit 100) | 4 |");
	}

	@Test
	void stackProfileThatDidNotReachAServiceIsFootnoted() throws IOException {
		writeStackScenario("reuse.plain.tomcat", "netty", "netty", "netty");
		Files.writeString(this.runDir.resolve("reuse.plain.tomcat/scenario.json"),
				stackSettings("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat"));
		assertThat(report("reuse.plain.tomcat")).as("a setting that did not reach a service is told, not fatal")
			.isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse.plain.tomcat | reuse | plain | netty [3] | 1000 |")
			.contains("[3] scenario 'reuse.plain.tomcat': public-api ran on netty, scenario.json says tomcat: the "
					+ "stack profile did not reach it.")
			.contains("[3] scenario 'reuse.plain.tomcat': backend-api ran on netty, scenario.json says tomcat")
			.contains("| reuse.plain.tomcat | client -> public-api | netty | 4 |");
	}

	@Test
	void snapshotWithoutAStackShowsTheOneScenarioJsonAskedFor() throws IOException {
		writeStackScenario("reuse.plain.tomcat", "tomcat", "tomcat", "tomcat");
		Files.writeString(this.runDir.resolve("reuse.plain.tomcat/connections/backend-api.json"),
				connections("backend-api", 24, 2000, null, 0, 0));
		assertThat(report("reuse.plain.tomcat")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse.plain.tomcat | reuse | plain | tomcat | 1000 |")
			.contains("| reuse.plain.tomcat | orchestration-api -> backend-api | tomcat | 24 | 24 | 24 | 2000 | 0.012 "
					+ "| n/a | 4 |");
	}

	@Test
	void unknownStackOrAServiceWithoutOneIsAMalformedScenario() throws IOException {
		writeStackScenario("reuse.plain.jetty", "netty", "netty", "netty");
		Files.writeString(this.runDir.resolve("reuse.plain.jetty/scenario.json"),
				stackSettings("reuse.plain.jetty", "netty", "netty", "jetty"));
		assertThat(report("reuse.plain.jetty")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("scenario 'reuse.plain.jetty': malformed file")
			.contains("scenario.json");
		this.err.reset();
		Files.writeString(this.runDir.resolve("reuse.plain.jetty/scenario.json"),
				stackSettings("reuse.plain.jetty", "netty", "netty", "netty").replace(",\"backend-api\":\"netty\"", ""));
		assertThat(report("reuse.plain.jetty")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("malformed file")
			.contains("stacks must name the stack of each of [public-api, orchestration-api, backend-api]");
	}

	/** Every inline SVG of the HTML report, parsed as XML (so each is well-formed). */
	private List<Document> svgs() throws IOException {
		String html = Files.readString(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME));
		List<Document> svgs = new ArrayList<>();
		Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
		while (svg.find()) {
			try {
				svgs.add(LatencyChartTests.parse(svg.group()));
			}
			catch (Exception ex) {
				throw new AssertionError("not well-formed: " + svg.group(), ex);
			}
		}
		return svgs;
	}

	private int report(String... scenarios) {
		String[] args = new String[scenarios.length + 1];
		args[0] = this.runDir.toString();
		System.arraycopy(scenarios, 0, args, 1, scenarios.length);
		return run(args);
	}

	private int run(String... args) {
		return ComparisonReport.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	/**
	 * A scenario of 10 measured seconds whose histogram holds the successful requests, and whose
	 * services accepted the given connections on each hop (client, public-api, orchestration-api).
	 */
	private void writeScenario(String name, Histogram latencies, boolean keepAlive, long failures, long[] accepted)
			throws IOException {
		Path dir = Files.createDirectories(this.runDir.resolve(name));
		long requests = latencies.getTotalCount() + failures;
		new RunSummary(4, 10, 2, 2, 10, keepAlive, "http://localhost:8080/api/chain?calls=2&workMs=10", requests, failures, 10.0,
				requests / 10.0, 50, null)
			.write(dir.resolve(RunSummary.FILE_NAME));
		LatencyLog.write(dir.resolve(LatencyLog.FILE_NAME), latencies, 1_700_000_000_000L, 10.0);
		Path connections = Files.createDirectories(dir.resolve("connections"));
		Files.writeString(connections.resolve("public-api.json"),
				connections("public-api", accepted[0], requests, "orchestration-api", accepted[1], requests));
		Files.writeString(connections.resolve("orchestration-api.json"),
				connections("orchestration-api", accepted[1], requests, "backend-api", accepted[2], 2 * requests));
		Files.writeString(connections.resolve("backend-api.json"), connections("backend-api", accepted[2], 2 * requests,
				null, 0, 0));
		Path gatling = Files.createDirectories(dir.resolve("gatling/chainsimulation-1"));
		Files.writeString(gatling.resolve("index.html"), "<html></html>");
	}

	/**
	 * Two scenarios on an emulated network (customer d = 15 ms, internal d = 0.5 ms, calls 2, work 10 ms):
	 * reuse over plain HTTP with a p50 of 70 ms (predicted 53: too slow) and no-reuse over TLS 1.2 with a
	 * closing client, p50 160 ms (predicted 152). The first has no metrics file for orchestration-api.
	 */
	private void writeEmulatedRun() throws IOException {
		Histogram reuse = new Histogram(3);
		reuse.recordValueWithCount(70, 100);
		writeScenario("reuse-plain", reuse, true, 0, new long[] { 4, 4, 4 });
		Path reuseDir = this.runDir.resolve("reuse-plain");
		Files.writeString(reuseDir.resolve("scenario.json"), settings("reuse-plain", "reuse", "plain", true));
		Files.writeString(reuseDir.resolve("links.json"), links(15.0, 4, 4, 4));
		Path reuseMetrics = Files.createDirectories(reuseDir.resolve("metrics"));
		Files.writeString(reuseMetrics.resolve("public-api.prom"), """
				# TYPE reactor_netty_http_client_connect_time_seconds summary
				reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 4
				reactor_netty_http_client_connect_time_seconds_sum{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 4.0E-4
				this line is not a sample
				""");

		Histogram noReuse = new Histogram(3);
		noReuse.recordValueWithCount(160, 400);
		writeScenario("no-reuse-tls12", noReuse, false, 0, new long[] { 400, 400, 800 });
		Path noReuseDir = this.runDir.resolve("no-reuse-tls12");
		Files.writeString(noReuseDir.resolve("scenario.json"), settings("no-reuse-tls12", "no-reuse", "tls12", false));
		Files.writeString(noReuseDir.resolve("links.json"), links(15.0, 412, 412, 824));
		Path noReuseMetrics = Files.createDirectories(noReuseDir.resolve("metrics"));
		Files.writeString(noReuseMetrics.resolve("public-api.prom"), PrometheusMetricsTests.PUBLIC_API_TLS12);
		Files.writeString(noReuseMetrics.resolve("orchestration-api.prom"),
				PrometheusMetricsTests.PUBLIC_API_TLS12.replace("18081", "18082")
					.replace("} 400", "} 800")
					.replace("} 0.02", "} 0.08")
					.replace("} 1.4", "} 3.2"));
		Files.writeString(noReuseMetrics.resolve("backend-api.prom"), "# a server has no client timers\n");
	}

	private static String settings(String name, String mode, String transport, boolean clientKeepAlive) {
		return settings(name, mode, transport, clientKeepAlive, "c1");
	}

	private static String settings(String name, String mode, String transport, boolean clientKeepAlive, String jit) {
		return """
				{"name":"%s","mode":"%s","transport":"%s","customerDelayMs":15.0,"internalDelayMs":0.5,
				 "calls":2,"workMs":10,"clientKeepAlive":%s,"jit":"%s"}
				""".formatted(name, mode, transport, clientKeepAlive, jit);
	}

	/** The link emulator's /links with the given customer delay and connections per hop. */
	private static String links(double customerDelayMs, long customer, long publicToOrchestration,
			long orchestrationToBackend) {
		String link = """
				{"name":"%s","listenAddress":"127.0.0.1","listenPort":%d,"targetHost":"127.0.0.1","targetPort":%d,\
				"delayMs":%s,"jitterMs":0.0,"connectionsOpened":%d,"connectionsActive":0,\
				"bytesClientToServer":123,"bytesServerToClient":456}""";
		return "{\"links\":[" + link.formatted("customer", 18080, 8080, customerDelayMs, customer) + ","
				+ link.formatted("public-to-orchestration", 18081, 8081, 0.5, publicToOrchestration) + ","
				+ link.formatted("orchestration-to-backend", 18082, 8082, 0.5, orchestrationToBackend) + "]}";
	}

	/**
	 * A reuse scenario over plain HTTP on an emulated network (d = 15 / 0.5 ms, calls 2, work 10 ms), 1000
	 * requests at a p50 of 60 ms from 4 users, whose services (public-api, orchestration-api, backend-api)
	 * ran on the given stacks and answer /actuator/connections as today's services do. A hop into Netty keeps
	 * the users' 4 connections; a hop into Tomcat opens one more per 100 requests, which its request limit
	 * closed: 10 more on the first two hops (1000 requests), 20 more on the backend hop (2000).
	 */
	private void writeStackScenario(String name, String publicApi, String orchestrationApi, String backendApi)
			throws IOException {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(60, 1000);
		String[] stacks = { publicApi, orchestrationApi, backendApi };
		writeScenario(name, latencies, true, 0, new long[] { accepted(stacks[0], 1000), accepted(stacks[1], 1000),
				accepted(stacks[2], 2000) });
		rewriteConnections(name, stacks, new long[3], 0, new long[3]);
		Files.writeString(this.runDir.resolve(name).resolve("scenario.json"),
				stackSettings(name, publicApi, orchestrationApi, backendApi));
		writeLinks(name, accepted(stacks[0], 1000), accepted(stacks[1], 1000), accepted(stacks[2], 2000));
	}

	/**
	 * The connections files of a stack scenario whose services had accepted the given connections, carried
	 * the given requests on the first two hops (twice as many on the backend hop) and closed the given
	 * connections at their request limit before the load, in chain order.
	 */
	private void rewriteConnections(String name, String[] stacks, long[] acceptedBefore, long requestsBefore,
			long[] closedBefore) throws IOException {
		Path connections = this.runDir.resolve(name).resolve("connections");
		long[] during = { 1000, 1000, 2000 };
		long[] requests = new long[3];
		long[] accepted = new long[3];
		long[] closed = new long[3];
		for (int i = 0; i < 3; i++) {
			requests[i] = during[i] / 1000 * requestsBefore + during[i];
			accepted[i] = acceptedBefore[i] + accepted(stacks[i], during[i]);
			closed[i] = closedBefore[i] + closed(stacks[i], during[i]);
		}
		Files.writeString(connections.resolve("public-api.json"), stackConnections("public-api", stacks[0], accepted[0],
				requests[0], closed[0], "orchestration-api", accepted[1], requests[1]));
		Files.writeString(connections.resolve("orchestration-api.json"), stackConnections("orchestration-api",
				stacks[1], accepted[1], requests[1], closed[1], "backend-api", accepted[2], requests[2]));
		Files.writeString(connections.resolve("backend-api.json"),
				stackConnections("backend-api", stacks[2], accepted[2], requests[2], closed[2], null, 0, 0));
	}

	private void writeLinks(String name, long customer, long publicToOrchestration, long orchestrationToBackend)
			throws IOException {
		Files.writeString(this.runDir.resolve(name).resolve("links.json"),
				links(15.0, customer, publicToOrchestration, orchestrationToBackend));
	}

	/** Connections a server on this stack accepts from 4 pooled users over so many requests. */
	private static long accepted(String stack, long requests) {
		return 4 + closed(stack, requests);
	}

	/** Connections a server on this stack closes at its request limit over so many requests: Tomcat's 100. */
	private static long closed(String stack, long requests) {
		return stack.equals("tomcat") ? requests / 100 : 0;
	}

	private static String stackSettings(String name, String publicApi, String orchestrationApi, String backendApi) {
		return """
				{"name":"%s","mode":"reuse","transport":"plain","customerDelayMs":15.0,"internalDelayMs":0.5,
				 "calls":2,"workMs":10,"clientKeepAlive":true,"jit":"c2",
				 "stacks":{"public-api":"%s","orchestration-api":"%s","backend-api":"%s"}}
				""".formatted(name, publicApi, orchestrationApi, backendApi);
	}

	/** /actuator/connections as a service on the given stack answers it: Tomcat with its request limit of 100. */
	private static String stackConnections(String service, String stack, long accepted, long requests,
			long closedAtRequestLimit, String downstream, long opened, long downstreamRequests) {
		String outbound = (downstream != null)
				? "{\"%s\":{\"opened\":%d,\"requests\":%d,\"tlsResumed\":0,\"retries\":0}}".formatted(downstream,
						opened, downstreamRequests) : "{}";
		String limit = stack.equals("tomcat") ? "100" : "null";
		return """
				{"service":"%s","stack":"%s","mode":{"name":"REUSE","profiles":["reuse","%s"],"keepAlive":true,
				 "clientPerRequest":false,"transport":"HTTP/1.1"},
				 "inbound":{"accepted":%d,"active":4,"requests":%d,"policy":{"idleTimeout":"PT1M",
				 "maxKeepAliveRequests":%s,"settings":{},"open":4,"idle":4,"evicted":0,"refused":0,"closedIdle":0,
				 "closedAtRequestLimit":%d}},
				 "outbound":%s}
				""".formatted(service, stack, stack, accepted, requests, limit, closedAtRequestLimit, outbound);
	}

	private static String connections(String service, long accepted, long requests, String downstream, long opened,
			long downstreamRequests) {
		String outbound = (downstream != null)
				? "{\"%s\":{\"opened\":%d,\"requests\":%d,\"tlsResumed\":0,\"retries\":0}}".formatted(downstream, opened,
						downstreamRequests) : "{}";
		return """
				{"service":"%s","mode":{"profiles":["test"],"keepAlive":true,"clientPerRequest":false},
				 "inbound":{"accepted":%d,"active":0,"requests":%d,"policy":{"evicted":0,"refused":0}},
				 "outbound":%s}
				""".formatted(service, accepted, requests, outbound);
	}

}
