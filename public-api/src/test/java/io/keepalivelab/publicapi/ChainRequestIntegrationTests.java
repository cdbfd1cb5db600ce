package io.keepalivelab.publicapi;

import java.util.List;

import io.keepalivelab.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The public request surface: every bad input is a 400 problem, an unreachable downstream a 502. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// The first request of the context loads the whole request path, which on a busy machine can outlast the 5 s default.
@AutoConfigureWebTestClient(timeout = "30s")
class ChainRequestIntegrationTests {

	@Autowired
	WebTestClient web;

	@DynamicPropertySource
	static void orchestrationIsDown(DynamicPropertyRegistry registry) {
		int closedPort = Ports.closed();
		registry.add("keepalive-lab.downstreams.orchestration-api.base-url", () -> "http://127.0.0.1:" + closedPort);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "calls=abc|calls|1..50", "calls=0|calls|1..50", "calls=51|calls|1..50",
			"calls=-1|calls|1..50", "calls=1&calls=2|calls|1..50", "calls=|calls|1..50",
			"calls=1e3|calls|1..50", "calls=99999999999999999999|calls|1..50", "calls=\uff13|calls|1..50",
			"workMs=abc|workMs|0..10000",
			"workMs=-1|workMs|0..10000", "workMs=10001|workMs|0..10000", "workMs=5&workMs=5|workMs|0..10000" })
	void badInputIsA400ProblemNamingTheParameterAndItsRange(String query, String parameter, String allowed) {
		web.get()
			.uri("/api/chain?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.parameter")
			.isEqualTo(parameter)
			.jsonPath("$.allowed")
			.isEqualTo(allowed)
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).startsWith(parameter + " must"))
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "50, 10000, 500000", "4, 10000, 40000", "31, 1000, 31000", "50, 601, 30050" })
	void tooMuchWorkInOneRequestIsA400ProblemNamingTheBoundAndWhatToLower(int calls, int workMs, long total) {
		web.get()
			.uri("/api/chain?calls=" + calls + "&workMs=" + workMs)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.parameters")
			.isEqualTo(List.of("calls", "workMs"))
			.jsonPath("$.calls")
			.isEqualTo(calls)
			.jsonPath("$.workMs")
			.isEqualTo(workMs)
			.jsonPath("$.totalWorkMs")
			.isEqualTo(total)
			.jsonPath("$.maxTotalWorkMs")
			.isEqualTo(30_000)
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("30000", String.valueOf(total), "lower calls or workMs"))
			.jsonPath("$.trace")
			.doesNotExist();
	}

	/** At the bound the request is valid: it reaches the downstream, which is down here. */
	@ParameterizedTest
	@CsvSource({ "3, 10000", "50, 600", "1, 10000" })
	void workAtTheBoundIsAccepted(int calls, int workMs) {
		web.get().uri("/api/chain?calls=" + calls + "&workMs=" + workMs).exchange().expectStatus().isEqualTo(502);
	}

	@Test
	void unreachableDownstreamIsA502NamingTheHop() {
		web.get()
			.uri("/api/chain")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.hop")
			.isEqualTo("public-api -> orchestration-api")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void unknownMethodIsAProblemToo() {
		web.delete()
			.uri("/api/chain")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}
}
