package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionStateTableTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void aMixedRunShowsAHumpPerGroupWithWhatTheRoundTripsPredictForIt() throws IOException {
		this.run.writeEmulatedRun();
		Path dir = this.run.dir().resolve("reuse-plain");
		// Internal links at 5 ms one way: a new plain connection adds one round trip, 10 ms.
		Files.writeString(dir.resolve("scenario.json"), """
				{"name":"reuse-plain","mode":"reuse","transport":"plain","customerDelayMs":15,"internalDelayMs":5,
				 "calls":2,"workMs":10,"clientKeepAlive":true,"jit":"c2"}
				""");
		LatencyLog.writeByNewConnections(dir.resolve(LatencyLog.BY_NEW_CONNECTIONS_FILE_NAME),
				Map.of(0, latencies(81, 75), 1, latencies(92, 20), 2, latencies(101, 5)), 1_700_000_000_000L, 10.0);

		assertThat(this.run.report("reuse-plain")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).contains("### Latency by connections opened (ms)")
			.contains("| scenario | internal hops opened | requests | share | p50 | p99 | predicted p50 |")
			.contains("| reuse-plain | all reused | 75 | 75.0% | 81 | 81 | 80.0 |")
			.contains("| reuse-plain | 1 new connection | 20 | 20.0% | 92 | 92 | 90.0 |")
			.contains("| reuse-plain | 2 new connections | 5 | 5.0% | 101 | 101 | 100.0 |")
			.contains("has a hump per group");
		assertThat(this.run.html()).contains("<h2>Latency by connections opened (ms)</h2>");
	}

	@Test
	void runsWhoseAnswersSaidNothingHaveNoSuchTable() {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).doesNotContain("Latency by connections opened");
	}

	@Test
	void theGroupedLogReadsBackAsItWasWrittenAndRefusesAnUntaggedInterval() throws IOException {
		Path file = this.run.dir().resolve(LatencyLog.BY_NEW_CONNECTIONS_FILE_NAME);
		LatencyLog.writeByNewConnections(file, Map.of(3, latencies(100, 7), 0, latencies(60, 9)), 1_700_000_000_000L,
				5.0);

		assertThat(LatencyLog.readByNewConnections(file)).containsOnlyKeys(0, 3)
			.hasEntrySatisfying(3, (histogram) -> assertThat(histogram.getTotalCount()).isEqualTo(7))
			.hasEntrySatisfying(0, (histogram) -> assertThat(histogram.getValueAtPercentile(50)).isEqualTo(60));

		LatencyLog.write(file, latencies(60, 9), 1_700_000_000_000L, 5.0);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LatencyLog.readByNewConnections(file))
			.withMessageContaining("expected integer histograms tagged new=N");
	}

	private static Histogram latencies(long ms, long count) {
		Histogram histogram = new Histogram(3);
		histogram.recordValueWithCount(ms, count);
		return histogram;
	}

}
