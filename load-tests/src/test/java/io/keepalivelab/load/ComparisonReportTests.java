package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
			.contains("| scenario | requests | p50 | p95 | p99 | max | mean | throughput req/s | failures | "
					+ "p50 / reuse p50 |")
			.contains("| reuse | 100 | 20 | 30 | 50 | 200 | 23.50 | 10.0 | 0 | 1.00x |")
			.contains("| no-reuse | 400 | 40 | 40 | 40 | 40 | 40.00 | 40.0 | 0 | 2.00x |");
	}

	@Test
	void connectionRowsCompareEachHopWithPerfectReuse() {
		assertThat(report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("| reuse | client -> public-api | 4 | 100 | 0.040 | 4 | - |")
			.contains("| reuse | public-api -> orchestration-api | 4 | 100 | 0.040 | 4 | 4 |")
			.contains("| reuse | orchestration-api -> backend-api | 4 | 200 | 0.020 | 4 | 4 |")
			.contains("| no-reuse | client -> public-api | 400 | 400 | 1.000 | 4 [1] | - |")
			.contains("| no-reuse | public-api -> orchestration-api | 400 | 400 | 1.000 | 4 | 400 |")
			.contains("| no-reuse | orchestration-api -> backend-api | 800 | 800 | 1.000 | 4 | 800 |")
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
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| reuse | 100 |").doesNotContain("| no-reuse |");
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
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("| reuse | 100 | 20 |").contains("| 10 | 1.00x |");
	}

	@Test
	void missingArgumentsPrintUsage() {
		assertThat(run()).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("Usage: ComparisonReport");
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
		new RunSummary(4, 10, 2, 2, 10, keepAlive, "http://localhost:8080", requests, failures, 10.0, requests / 10.0)
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

	private static String connections(String service, long accepted, long requests, String downstream, long opened,
			long downstreamRequests) {
		String outbound = (downstream != null)
				? "{\"%s\":{\"opened\":%d,\"requests\":%d}}".formatted(downstream, opened, downstreamRequests) : "{}";
		return """
				{"service":"%s","mode":{"profiles":["test"],"keepAlive":true,"clientPerRequest":false},
				 "inbound":{"accepted":%d,"active":0,"requests":%d},
				 "outbound":%s}
				""".formatted(service, accepted, requests, outbound);
	}

}
