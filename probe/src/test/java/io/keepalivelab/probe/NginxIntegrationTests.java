package io.keepalivelab.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.testsupport.Certificates;

import static io.keepalivelab.probe.ProbeAssertions.assertConnectionAge;
import static io.keepalivelab.probe.ProbeAssertions.assertHttp2Idle;
import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server nobody here wrote: Debian's nginx with a known keepalive_timeout, keepalive_requests
 * and keepalive_time, over HTTP/1.1 and h2, started from a generated configuration in a temporary directory.
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

	/** nginx 1.22 ends an idle HTTP/2 connection after keepalive_timeout too, with a GOAWAY before the close. */
	@Test
	void findsTheHttp2IdleTimeoutAndGoaway(@TempDir Path prefix) throws Exception {
		Duration keepaliveTimeout = Duration.ofSeconds(2);
		Certificates.make(prefix);
		Path key = write(prefix.resolve("server-key.pem"), "PRIVATE KEY", Certificates.serverKey(prefix).getEncoded());
		Path chain = prefix.resolve("server-chain.pem");
		Files.writeString(chain, "");
		for (X509Certificate certificate : Certificates.serverChain(prefix)) {
			Files.writeString(chain, pem("CERTIFICATE", certificate.getEncoded()), StandardOpenOption.APPEND);
		}
		try (NginxServer nginx = NginxServer.start(prefix, "keepalive_timeout %ds;".formatted(keepaliveTimeout.toSeconds()),
				"ssl http2", "ssl_certificate %s; ssl_certificate_key %s;".formatted(chain, key))) {
			ProbeReport report = ProbeRun.report("https://localhost:" + nginx.port() + "/", "--ca",
					prefix.resolve("ca.pem").toString());

			assertThat(report.http2().alpn()).isEqualTo("h2");
			assertIdleTimeout(report, keepaliveTimeout, CloseKind.FIN);
			assertThat(report.http2Idle().protocol()).isEqualTo("h2");
			assertHttp2Idle(report, keepaliveTimeout);
		}
	}

	private static Path write(Path file, String type, byte[] der) throws IOException {
		return Files.writeString(file, pem(type, der));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
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
