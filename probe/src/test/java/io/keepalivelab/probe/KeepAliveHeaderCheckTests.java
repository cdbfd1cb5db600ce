package io.keepalivelab.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveHeaderCheckTests {

	/** Closed between 4.755 s and 5.001 s idle; 100 requests, the last announced. */
	private static final IdleTimeout IDLE = new IdleTimeout(4.755, 5.001, CloseKind.FIN, true, 12, true, false);

	private static final RequestLimit LIMIT = new RequestLimit(100, true, true, 1000, 0.2);

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "'timeout=5, max=100', 5, 100, AGREES, AGREES",
			"'timeout=5, max=99', 5, 99, AGREES, AGREES", "'timeout=4, max=98', 4, 98, UNDERSTATES, UNDERSTATES",
			"'timeout=15, max=1000', 15, 1000, OVERSTATES, OVERSTATES", "timeout=5, 5, -, AGREES, UNCHECKED",
			"'Timeout=\"5\" , MAX=100', 5, 100, AGREES, AGREES", "'max=abc', -, -, UNCHECKED, UNCHECKED" })
	void comparesEachAnnouncedValueWithWhatWasMeasured(String value, Double timeout, Integer max, Agreement timeoutAgrees,
			Agreement maxAgrees) {
		KeepAliveHeader header = KeepAliveHeaderCheck.of(value, IDLE, LIMIT);

		assertThat(header.timeoutSeconds()).isEqualTo(timeout);
		assertThat(header.max()).isEqualTo(max);
		assertThat(header.timeout()).isEqualTo(timeoutAgrees);
		assertThat(header.maxRequests()).isEqualTo(maxAgrees);
	}

	@ParameterizedTest
	@CsvSource({ "10, UNDERSTATES", "200, UNCHECKED" })
	void anIdleTimeoutNotFoundOnlyChecksAShorterAnnouncement(int announced, Agreement agreement) {
		IdleTimeout stillOpen = new IdleTimeout(120, null, null, false, 8, true, null);

		assertThat(KeepAliveHeaderCheck.of("timeout=" + announced, stillOpen, LIMIT).timeout()).isEqualTo(agreement);
	}

}
