package io.keepalivelab.publicapi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A downstream that accepts the connection and never answers is a 504 naming the hop. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "keepalive-lab.downstreams.orchestration-api.response-timeout=300ms")
@AutoConfigureWebTestClient
class SilentDownstreamIntegrationTests {

	private static ServerSocket silent;

	private static final List<Socket> held = new CopyOnWriteArrayList<>();

	@Autowired
	WebTestClient web;

	@DynamicPropertySource
	static void orchestrationNeverAnswers(DynamicPropertyRegistry registry) throws IOException {
		silent = new ServerSocket(0);
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					held.add(silent.accept());
				}
			}
			catch (IOException closed) {
				// the test is over
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		registry.add("keepalive-lab.downstreams.orchestration-api.base-url",
				() -> "http://127.0.0.1:" + silent.getLocalPort());
	}

	@AfterAll
	static void closeSilentServer() throws IOException {
		silent.close();
		for (Socket socket : held) {
			socket.close();
		}
	}

	@Test
	void silentDownstreamIsA504NamingTheHop() {
		// Shared with the subclass that runs these tests on the other stack.
		int heldBefore = held.size();
		web.get()
			.uri("/api/chain")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.hop")
			.isEqualTo("public-api -> orchestration-api")
			.jsonPath("$.detail")
			.isEqualTo("orchestration-api did not answer within 300 ms");
		assertThat(held).hasSize(heldBefore + 1);
	}
}
