package io.keepalivelab.probe;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ConnectionAgeCheck.Pace;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pace of the maximum-age check: inside the idle timeout, and below the request limit over the whole bound, so
 * that neither of them is taken for a maximum age.
 */
class ConnectionAgeCheckTests {

	private static final IdleTimeout IDLE_5S = new IdleTimeout(4.75, 5.0, CloseKind.FIN, true, 12, true, false);

	private static final IdleTimeout IDLE_1S = new IdleTimeout(0.95, 1.0, CloseKind.FIN, true, 12, true, false);

	@Test
	void withoutARequestLimitOneRequestEveryPrecisionUpToMaxAge() {
		assertThat(pace(IDLE_5S, new RequestLimit(1000, false, false, 1000, 0.5)))
			.isEqualTo(new Pace(0.5, 60, "--max-age"));
	}

	@Test
	void aRequestLimitSpreadsOneRequestFewerOverMaxAge() {
		Pace pace = pace(IDLE_5S, new RequestLimit(100, true, true, 1000, 0.08));

		assertThat(pace.interval()).isEqualTo(60.0 / 98);
		assertThat(pace.bound()).isEqualTo(60);
	}

	@Test
	void aRequestLimitThatDoesNotFitInsideTheIdleTimeoutBoundsTheCheck() {
		assertThat(pace(IDLE_1S, new RequestLimit(5, true, true, 1000, 0.01)))
			.isEqualTo(new Pace(0.475, 0.475 * 3, "the request limit at a pace inside the idle timeout"));
	}

	@Test
	void nothingToMeasureWithoutAProvenIdleGapOrWithALimitOfTwo() {
		assertThat(pace(new IdleTimeout(0, 1.0, CloseKind.FIN, true, 8, false, null), null)).isNull();
		assertThat(pace(IDLE_5S, new RequestLimit(2, true, true, 1000, 0.01))).isNull();
	}

	private static Pace pace(IdleTimeout idle, RequestLimit limit) {
		Probe.Settings settings = new Probe.Settings(Duration.ofSeconds(120), Duration.ofMillis(500), 4, 1000,
				Duration.ofSeconds(5), Duration.ofSeconds(60));
		return new ConnectionAgeCheck(null, Target.parse("http://127.0.0.1/"), settings, new Budget(Duration.ofMinutes(5)),
				(line) -> {
				})
			.pace(idle, limit);
	}

}
