package io.keepalivelab.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

import io.keepalivelab.lab.LabOptions.BadOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SoakTests {

	@Test
	void soakRunsAllFourModesForTenMinutesUnlessTold() {
		LabOptions options = LabCommand.parse("--soak");

		assertThat(options.soak).isTrue();
		assertThat(options.modes).hasSize(4);
		assertThat(options.soakDuration).isEqualTo(Duration.ofMinutes(10));
		assertThat(LabCommand.parse("--soak", "--modes", "reuse", "--soak-duration", "90s").modes).containsExactly("reuse");
		assertThat(LabCommand.parse("--soak-duration", "2h").soakDuration).isEqualTo(Duration.ofHours(2));
		assertThat(LabCommand.parse().modes).as("without --soak, the usual default").hasSize(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "9s", "25h", "0m", "10", "m", "-5m", "1.5m", "10 m", "1d", "9999999s" })
	void soakDurationOutsideItsBoundsOrFormIsABadOption(String value) {
		assertThatExceptionOfType(BadOption.class).isThrownBy(() -> LabCommand.parse("--soak", "--soak-duration", value))
			.withMessageContaining("--soak-duration must be a duration such as 90s, 10m or 2h, from 10s to 24h");
	}

	@Test
	void soakAndFaultsAreTwoRuns() {
		assertThatExceptionOfType(BadOption.class).isThrownBy(() -> LabCommand.parse("--soak", "--faults", "idle-drop"));
	}

	@Test
	void aFigureThatKeepsGrowingFailsNamingTheFigureAndTheService() {
		List<String> failures = new ArrayList<>();
		// threads climb by 20 a sample; memory settles after the warm-up
		List<Map<String, Double>> series = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			series.add(Map.of("rssMb", i < 2 ? 100.0 + 50 * i : 160.0 + (i % 2), "threads", 30.0 + 20 * i, "fds", 80.0,
					"serverConnectionsOpen", 4.0, "poolConnections", 4.0));
		}

		Soak.judge("reuse", "backend-api", series, failures);

		assertThat(failures).singleElement().asString().startsWith("reuse: backend-api threads grew from 70.0");
	}

	@Test
	void aFigureThatStopsGrowingPasses() {
		List<String> failures = new ArrayList<>();
		List<Map<String, Double>> series = new ArrayList<>();
		// a pool that fills to three times its early size and then holds
		double[] pool = { 1, 2, 4, 8, 12, 12, 12, 12, 12, 12 };
		for (double connections : pool) {
			series.add(Map.of("rssMb", 200.0, "threads", 40.0, "fds", 90.0, "serverConnectionsOpen", 4.0,
					"poolConnections", connections));
		}

		Soak.judge("reuse", "public-api", series, failures);

		assertThat(failures).isEmpty();
	}

	@Test
	void slopeIsTheLeastSquaresLineOverTheSecondHalf() {
		assertThat(Soak.slope(DoubleStream.of(9, 9, 1, 3, 5, 7).toArray(), 2)).isEqualTo(2.0);
		assertThat(Soak.slope(new double[] { 5, 5, 5, 5 }, 2)).isZero();
	}
}
