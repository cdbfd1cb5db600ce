package io.keepalivelab.publicapi;

import java.io.IOException;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
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

	private static ScriptedHttpServer silent;

	@Autowired
	WebTestClient web;

	@DynamicPropertySource
	static void orchestrationNeverAnswers(DynamicPropertyRegistry registry) throws IOException {
		silent = ScriptedHttpServer.start(request -> Action.hang());
		registry.add("keepalive-lab.downstreams.orchestration-api.base-url", silent::baseUrl);
	}

	@AfterAll
	static void closeSilentServer() throws IOException {
		silent.close();
	}

	@Test
	void silentDownstreamIsA504NamingTheHop() {
		// Shared with the subclass that runs these tests on the other stack.
		int heldBefore = silent.connections();
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
		assertThat(silent.connections()).isEqualTo(heldBefore + 1);
	}
}
