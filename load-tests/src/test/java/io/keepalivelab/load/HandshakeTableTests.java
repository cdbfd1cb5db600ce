package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HandshakeTableTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void handshakeTableShowsMeanConnectAndTlsTimesPerInternalHop() throws IOException {
		this.run.writeEmulatedRun();
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| scenario | hop | connects | mean connect | TLS handshakes | resumed | mean TLS handshake | "
					+ "network: handshake round trips x 2d |")
			.contains("| reuse-plain | public-api -> orchestration-api | 4 | 0.10 | - (no TLS) | 0 | - | 1.0 |")
			.contains("| reuse-plain | orchestration-api -> backend-api | n/a | n/a | n/a | 0 | n/a | 1.0 |")
			.contains("| no-reuse-tls12 | public-api -> orchestration-api | 400 | 0.05 | 400 | 0 | 3.50 | 3.0 |")
			.contains("| no-reuse-tls12 | orchestration-api -> backend-api | 800 | 0.10 | 800 | 0 | 4.00 | 3.0 |")
			.contains("The customer hop (load generator -> public-api) has no such metrics")
			.contains("1 line(s) of the metrics files did not parse");
	}

	@Test
	void tlsScenarioWhoseMetricsLackTheHandshakeTimerIsInvalidAndNamesIt() throws IOException {
		this.run.writeEmulatedRun();
		Path metrics = this.run.dir().resolve("no-reuse-tls12/metrics/orchestration-api.prom");
		Files.writeString(metrics, Files.readString(metrics).replace("tls_handshake_time", "tls_time"));

		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.INVALID_INPUT);
		assertThat(this.run.err()).contains("scenario 'no-reuse-tls12'",
				"metric " + PrometheusMetrics.TLS_HANDSHAKE_TIME + "_count is missing from", "orchestration-api.prom");
	}

}
