package io.keepalivelab.orchestration;

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

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OrchestrateIntegrationTests {

	@Autowired
	WebTestClient web;

	@DynamicPropertySource
	static void backendIsDown(DynamicPropertyRegistry registry) {
		int closedPort = Ports.closed();
		registry.add("keepalive-lab.downstreams.backend-api.base-url", () -> "http://127.0.0.1:" + closedPort);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "calls=x|calls", "calls=51|calls", "workMs=-5|workMs", "calls=\u0663|calls" })
	void badInputIsA400ProblemNamingTheParameter(String query, String parameter) {
		web.get()
			.uri("/orchestrate?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo(parameter);
	}

	@ParameterizedTest
	@CsvSource({ "50, 10000, 500000", "4, 10000, 40000", "31, 1000, 31000", "50, 601, 30050" })
	void tooMuchWorkInOneRequestIsA400ProblemNamingTheBoundAndWhatToLower(int calls, int workMs, long total) {
		web.get()
			.uri("/orchestrate?calls=" + calls + "&workMs=" + workMs)
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
		web.get().uri("/orchestrate?calls=" + calls + "&workMs=" + workMs).exchange().expectStatus().isEqualTo(502);
	}

	@Test
	void unreachableBackendIsA502NamingTheHop() {
		web.get()
			.uri("/orchestrate?calls=3")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.hop")
			.isEqualTo("orchestration-api -> backend-api");
	}

	@Test
	void failedCallOnANewConnectionIsNotCountedAsARetry() {
		web.get().uri("/orchestrate?calls=1").exchange().expectStatus().isEqualTo(502);
		web.get()
			.uri("/actuator/connections")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outbound.backend-api.retries")
			.isEqualTo(0);
		web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(metrics -> assertThat(metrics).contains("keepalive_lab_client_retries_total{downstream=\"backend-api\"} 0.0"));
	}
}
