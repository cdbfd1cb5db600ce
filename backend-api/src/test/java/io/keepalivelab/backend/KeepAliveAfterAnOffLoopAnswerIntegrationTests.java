package io.keepalivelab.backend;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.keepalivelab.testsupport.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A kept-alive Reactor Netty connection keeps reading after an answer written off its event loop. The actuator's
 * health endpoint answers from another thread, so a client quick with its next request can send it before the
 * server has finished the previous exchange; the server then holds the request back until that exchange ends.
 * Reactor Netty 1.3.6 never read again after releasing it: the third request on such a connection waited until the
 * client gave up (a few rounds in a hundred here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KeepAliveAfterAnOffLoopAnswerIntegrationTests {

	/** Enough rounds that a stall in a few rounds in a hundred cannot pass unseen. */
	private static final int ROUNDS = 300;

	/** A request the server answers at once; one that waits this long was never read. */
	private static final Duration READ_LIMIT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Test
	void everyRequestAfterAnOffLoopAnswerIsAnswered() throws IOException {
		for (int round = 0; round < ROUNDS; round++) {
			try (RawHttp connection = RawHttp.open(port, READ_LIMIT)) {
				for (String path : new String[] { "/actuator/health", "/work?workMs=0", "/work?workMs=0" }) {
					try {
						assertThat(connection.get(path).status()).as(path).isEqualTo(200);
					}
					catch (SocketTimeoutException unanswered) {
						fail("round %d: %s after /actuator/health on the same connection got no answer within %s",
								round, path, READ_LIMIT);
					}
				}
			}
		}
	}
}
