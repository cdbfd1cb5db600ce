package io.keepalivelab.probe;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.keepalivelab.testsupport.Ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProbeCommandTests {

	@Test
	void badUrlExitsWithUsageCodeAndMessage() {
		ProbeRun run = ProbeRun.of("ftp://example.org/");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("bad URL 'ftp://example.org/': expected http:// or https://");
	}

	@Test
	void refusedConnectionExitsAsUnreachable() {
		int closedPort = Ports.closed();

		ProbeRun run = ProbeRun.of("http://127.0.0.1:" + closedPort + "/");

		assertThat(run.exitCode()).isEqualTo(3);
		assertThat(run.err()).contains("unreachable: cannot connect to 127.0.0.1:" + closedPort);
	}

	@Test
	void badOptionExitsWithUsageCode() {
		ProbeRun run = ProbeRun.of("--max-time", "soon", "http://127.0.0.1/");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("expected a duration such as 500ms, 2.5s or 2m, not 'soon'");
	}

	@Test
	void maxAgeAboveHalfTheTimeBudgetIsRefused() {
		ProbeRun run = ProbeRun.of("--max-time", "2m", "--max-age", "90s", "http://127.0.0.1/");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("--max-age 90 s is more than half of --max-time 120 s");
	}

	@ParameterizedTest
	@CsvSource({ "500ms, 500", "2.5s, 2500", "2m, 120000", "3, 3000" })
	void durationsAreReadAsPeopleTypeThem(String text, long millis) {
		assertThat(new ProbeCommand.DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void durationWithUnknownUnitIsRefused() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> new ProbeCommand.DurationConverter().convert("5h"));
	}

}
