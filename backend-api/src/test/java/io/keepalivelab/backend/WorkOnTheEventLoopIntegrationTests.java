package io.keepalivelab.backend;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Reactor Netty the backend's work is waited on the event loop of the request's connection: no thread
 * hand-off in the measured path, and the answer encoded on the thread that also sees the client's resets.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(WorkOnTheEventLoopIntegrationTests.AnsweredOn.class)
class WorkOnTheEventLoopIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void theAnswerIsEncodedOnTheServersEventLoopNotOnReactorsTimerThread() {
		web.get()
			.uri("/work?workMs=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(AnsweredOn.HEADER, thread -> assertThat(thread).contains("-http-").doesNotStartWith("parallel-"));
	}

	/** Names, in a response header, the thread that committed the response: the one the answer was encoded on. */
	@TestConfiguration
	static class AnsweredOn {

		static final String HEADER = "X-Answered-On";

		@Bean
		WebFilter answeredOn() {
			return (exchange, chain) -> {
				exchange.getResponse().beforeCommit(() -> {
					exchange.getResponse().getHeaders().set(HEADER, Thread.currentThread().getName());
					return Mono.empty();
				});
				return chain.filter(exchange);
			};
		}
	}
}
