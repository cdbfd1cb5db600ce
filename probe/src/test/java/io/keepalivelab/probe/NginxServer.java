package io.keepalivelab.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.testsupport.Ports;
import io.keepalivelab.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's nginx, started in the foreground from a generated configuration in a directory of the test's, on a free
 * loopback port. Without nginx the test is skipped, or fails under {@code CI=true}.
 */
final class NginxServer implements AutoCloseable {

	private static final Path NGINX = Path.of("/usr/sbin/nginx");

	private final Process process;

	private final int port;

	private NginxServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * @param prefix a directory for the configuration, pid and logs
	 * @param http the {@code http} block's directives before its {@code server} block
	 * @param listen the {@code listen} parameters after the address, such as "ssl http2", or ""
	 * @param server more directives of the {@code server} block
	 */
	static NginxServer start(Path prefix, String http, String listen, String server) throws Exception {
		RequiredTool.require(Files.isExecutable(NGINX), "nginx is not installed", "apt-get install -y nginx");
		int port = Ports.free();
		Path config = prefix.resolve("nginx.conf");
		Files.writeString(config, """
				daemon off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 64; }
				http {
				    access_log off;
				    %2$s
				    server {
				        listen 127.0.0.1:%3$d %4$s;
				        %5$s
				        location / { return 200 "ok\\n"; }
				    }
				}
				""".formatted(prefix, http, port, listen, server));
		Process process = new ProcessBuilder(NGINX.toString(), "-e", prefix.resolve("error.log").toString(), "-p",
				prefix.toString(), "-c", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("nginx.out").toFile())
			.start();
		NginxServer nginx = new NginxServer(process, port);
		nginx.awaitListening(prefix);
		return nginx;
	}

	int port() {
		return this.port;
	}

	private void awaitListening(Path prefix) throws Exception {
		for (int attempt = 0; attempt < 100; attempt++) {
			assertThat(this.process.isAlive()).as("nginx exited: %s", read(prefix.resolve("nginx.out"))).isTrue();
			if (Ports.accepts(this.port)) {
				return;
			}
			Thread.sleep(50);
		}
		close();
		throw new IllegalStateException("nginx did not listen on port " + this.port);
	}

	private static String read(Path file) throws IOException {
		return Files.isRegularFile(file) ? Files.readString(file) : "";
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

}
