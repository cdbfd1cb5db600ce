package io.keepalivelab.link;

import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link LinkOverheadBenchmark} in the build, small by default, so that the benchmark keeps working;
 * {@code -Dlink.benchmark.iterations} and {@code -Dlink.benchmark.rounds} run it full size. Its figures are
 * printed, not judged: only what holds on any machine is checked.
 */
class LinkOverheadBenchmarkTests {

	@Test
	void benchmarkMeasuresEveryModeOnEveryRoundTripAndReports() throws Exception {
		int iterations = Integer.getInteger("link.benchmark.iterations", 100);
		int rounds = Integer.getInteger("link.benchmark.rounds", 1);

		LinkOverheadBenchmark.Result result = LinkOverheadBenchmark.run(iterations, rounds);
		String report = LinkOverheadBenchmark.report(result);
		System.out.print(report);

		assertThat(result.latencies()).containsOnlyKeys(LinkOverheadBenchmark.DIRECT, LinkOverheadBenchmark.ZERO,
				LinkOverheadBenchmark.HALF_MILLI);
		assertThat(result.latencies().values()).allSatisfy(
				(histogram) -> assertThat(histogram.getTotalCount()).isEqualTo((long) iterations * rounds));
		// Physics, not performance: a round trip through a 0.5 ms link crosses it twice.
		Histogram halfMilli = result.latencies().get(LinkOverheadBenchmark.HALF_MILLI);
		assertThat(halfMilli.getMinValue()).isGreaterThanOrEqualTo(Duration.ofMillis(1).toNanos());
		assertThat(report).contains("link 0.5 ms: p50");
	}

}
