package io.keepalivelab.backend;

import java.io.IOException;
import java.time.Duration;

import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.connection.InboundPolicy;
import io.keepalivelab.testsupport.RawHttp;
import io.keepalivelab.testsupport.RawHttp.Closure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An HTTP/2 connection counts toward the limits but is never evicted, even idle and the longest open. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "keepalive-lab.server.connections.soft-limit=1",
				"keepalive-lab.server.connections.hard-limit=3" })
class Http2ConnectionLimitsIntegrationTests {

	// Reference: https://www.rfc-editor.org/rfc/rfc9113#section-3.4 (preface), #section-6.5 (SETTINGS),
	// #section-6.7 (PING)
	private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

	private static final String EMPTY_SETTINGS = "\0\0\0\u0004\0\0\0\0\0";

	private static final String PING = "\0\0\u0008\u0006\0\0\0\0\0" + "keepaliv";

	private static final int PING_TYPE = 6;

	private static final int ACK = 1;

	@Autowired
	ConnectionsEndpoint connections;

	@LocalServerPort
	int port;

	@Test
	void anIdleH2cConnectionIsNotEvictedButAnIdleHttp11OneIs() throws IOException {
		long evicted = figures().evicted();
		try (RawHttp h2c = RawHttp.open(port)) {
			h2c.write(PREFACE + EMPTY_SETTINGS);
			await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 1 && figures().idle() == 0);
			try (RawHttp http11 = RawHttp.open(port)) {
				await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 2);

				// Over the soft limit: the idle HTTP/1.1 connection goes, the older idle h2c one stays.
				try (RawHttp third = RawHttp.open(port)) {
					assertThat(http11.closure()).isEqualTo(Closure.CLOSED);
					assertThat(figures().evicted()).isEqualTo(evicted + 1);

					h2c.write(PING);
					awaitPingAck(h2c);
				}
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 0);
	}

	/** Reads frames (SETTINGS, SETTINGS ACK) until the PING ACK: the connection is still served. */
	private static void awaitPingAck(RawHttp h2c) throws IOException {
		while (true) {
			byte[] header = h2c.read(9);
			assertThat(header).as("a frame header before the PING ACK").hasSize(9);
			h2c.read(((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff));
			if (header[3] == PING_TYPE && (header[4] & ACK) != 0) {
				return;
			}
		}
	}

	private InboundPolicy figures() {
		return connections.connections().inbound().policy();
	}
}
