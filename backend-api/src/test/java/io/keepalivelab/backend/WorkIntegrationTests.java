package io.keepalivelab.backend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WorkIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	ConnectionsEndpoint connections;

	@LocalServerPort
	int port;

	@Test
	void answersWithTheWorkItDid() {
		web.get()
			.uri("/work?workMs=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("backend-api")
			.jsonPath("$.workMs")
			.isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "workMs=abc", "workMs=-1", "workMs=10001", "workMs=1&workMs=2", "workMs=",
			"workMs=\u0661\u0662", "workMs=\uff11\uff12" })
	void badWorkIsA400ProblemNamingTheParameter(String query) {
		web.get()
			.uri("/work?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("workMs")
			.jsonPath("$.allowed")
			.isEqualTo("0..10000")
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "health", "info", "prometheus", "connections" })
	void exposesTheLabEndpoints(String endpoint) {
		web.get().uri("/actuator/" + endpoint).exchange().expectStatus().isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "beans", "configprops", "heapdump", "threaddump", "loggers", "mappings" })
	void exposesNothingElse(String endpoint) {
		web.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
	}

	@Test
	void countsConnectionsOnTheServerAndRequestsOnThem() throws Exception {
		ConnectionAccounting.Inbound before = connections.connections().inbound();

		HttpClient keptAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (int i = 0; i < 5; i++) {
			assertThat(get(keptAlive)).isEqualTo(200);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())).isEqualTo(200);
		}

		ConnectionAccounting.Inbound after = connections.connections().inbound();
		assertThat(after.carriedRequests() - before.carriedRequests()).isEqualTo(1 + 3);
		assertThat(after.requests() - before.requests()).isEqualTo(5 + 3);
	}

	private int get(HttpClient client) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work?workMs=0")).build();
		return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}
}
