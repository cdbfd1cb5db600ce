package io.keepalivelab.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.testsupport.Ports;
import io.keepalivelab.testsupport.RequiredTool;

import static io.keepalivelab.probe.ProbeAssertions.assertIdleTimeout;
import static io.keepalivelab.probe.ProbeAssertions.assertRequestLimit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe against a server nobody here wrote: Debian's nginx with a known keepalive_timeout and
 * keepalive_requests, started from a generated configuration in a temporary directory.
 */
class NginxIntegrationTests {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(2);

	private static final int KEEPALIVE_REQUESTS = 7;

	@TempDir
	static Path prefix;

	static Process nginx;

	static int port;

	@BeforeAll
	static void startNginx() throws Exception {
		RequiredTool.require(Files.isExecutable(NGINX), "nginx is not installed", "apt-get install -y nginx");
		port = Ports.free();
		Path config = prefix.resolve("nginx.conf");
		Files.writeString(config, """
				daemon off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 64; }
				http {
				    access_log off;
				    keepalive_timeout %2$ds;
				    keepalive_requests %3$d;
				    server {
				        listen 127.0.0.1:%4$d;
				        location / { return 200 "ok\\n"; }
				    }
				}
				""".formatted(prefix, KEEPALIVE_TIMEOUT.toSeconds(), KEEPALIVE_REQUESTS, port));
		nginx = new ProcessBuilder(NGINX.toString(), "-e", prefix.resolve("error.log").toString(), "-p",
				prefix.toString(), "-c", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("nginx.out").toFile())
			.start();
		awaitListening();
	}

	@AfterAll
	static void stopNginx() throws InterruptedException {
		if (nginx != null) {
			nginx.destroy();
			nginx.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void findsKeepaliveTimeoutAndKeepaliveRequests() {
		ProbeReport report = ProbeRun.report("http://127.0.0.1:" + port + "/");

		assertThat(report.keepAlive()).extracting(KeepAlive::reused).containsExactly(true, false, true);
		assertThat(report.http2().h2cUpgrade()).isFalse();
		assertRequestLimit(report, KEEPALIVE_REQUESTS);
		assertIdleTimeout(report, KEEPALIVE_TIMEOUT, CloseKind.FIN);
	}

	private static void awaitListening() throws Exception {
		for (int attempt = 0; attempt < 100; attempt++) {
			assertThat(nginx.isAlive()).as("nginx exited: %s", Files.readString(prefix.resolve("nginx.out"))).isTrue();
			if (Ports.accepts(port)) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("nginx did not listen on port " + port);
	}

}
