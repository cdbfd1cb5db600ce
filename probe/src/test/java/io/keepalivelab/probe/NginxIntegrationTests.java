package io.keepalivelab.probe;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;

import static io.keepalivelab.probe.ProbeAssertions.assertConnectionAge;
import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server nobody here wrote: Debian's nginx with a known keepalive_timeout, keepalive_requests
 * and keepalive_time, started from a generated configuration in a temporary directory.
 */
class NginxIntegrationTests {

	@Test
	void findsKeepaliveTimeoutAndKeepaliveRequests(@TempDir Path prefix) throws Exception {
		Duration keepaliveTimeout = Duration.ofSeconds(2);
		int keepaliveRequests = 7;
		try (NginxServer nginx = NginxServer.start(prefix, "keepalive_timeout %ds; keepalive_requests %d;"
			.formatted(keepaliveTimeout.toSeconds(), keepaliveRequests), "", "")) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + nginx.port() + "/");

			assertThat(report.keepAlive()).extracting(KeepAlive::reused).containsExactly(true, false, true);
			assertThat(report.http2().h2cUpgrade()).isFalse();
			assertRequestLimit(report, keepaliveRequests);
			assertIdleTimeout(report, keepaliveTimeout, CloseKind.FIN);
		}
	}

	/**
	 * nginx checks keepalive_time when a request comes, and announces the close on that request's response; the
	 * second parameter of keepalive_timeout is the Keep-Alive header's timeout.
	 */
	@Test
	void findsKeepaliveTimeAndTheKeepAliveHeader(@TempDir Path prefix) throws Exception {
		Duration keepaliveTime = Duration.ofSeconds(3);
		try (NginxServer nginx = NginxServer.start(prefix,
				"keepalive_timeout 2s 2s; keepalive_time %ds;".formatted(keepaliveTime.toSeconds()), "", "")) {
			ProbeReport report = ProbeRun.report("http://127.0.0.1:" + nginx.port() + "/", "--max-age", "8s");

			assertConnectionAge(report, keepaliveTime);
			assertThat(report.connectionAge().announced()).as("%s", report.connectionAge()).isTrue();
			assertIdleTimeout(report, Duration.ofSeconds(2), CloseKind.FIN);
			assertThat(report.keepAliveHeader().value()).isEqualTo("timeout=2");
			assertThat(report.keepAliveHeader().timeout()).isEqualTo(Agreement.AGREES);
		}
	}

}
