package io.keepalivelab.lab;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The overhead benchmark's load driver against a scripted server: it keeps connections and finds each response's end. */
class LoadDriverTests {

	@Test
	void sequentialRequestsShareOneKeptAliveConnection() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start((request) -> Action.answer())) {
			LoadDriver.Latency latency = LoadDriver.latency(new LoadDriver.Target(server.port(), "/work"), 5, 20);

			assertThat(latency.requests()).isEqualTo(20);
			assertThat(latency.failures()).isZero();
			assertThat(server.requests()).isEqualTo(25);
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void aConnectionTheServerClosesIsReplacedAndNoRequestFails() throws Exception {
		// Tomcat's way: "Connection: close" on every third request of a connection
		try (ScriptedHttpServer server = ScriptedHttpServer.start((request) -> (request.onConnection() == 3)
				? Action.answer().thenClose() : Action.answer())) {
			LoadDriver.Latency latency = LoadDriver.latency(new LoadDriver.Target(server.port(), "/"), 0, 9);

			assertThat(latency.failures()).isZero();
			assertThat(latency.connections()).isEqualTo(3);
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	@Test
	void aKeptConnectionTheServerDroppedSilentlyIsRetriedOnceOnANewOne() throws Exception {
		// a FIN instead of the third answer, as a server closing an idle connection just as a request arrives
		try (ScriptedHttpServer server = ScriptedHttpServer
			.start((request) -> (request.onConnection() == 3) ? Action.close() : Action.answer())) {
			LoadDriver.Latency latency = LoadDriver.latency(new LoadDriver.Target(server.port(), "/"), 0, 6);

			assertThat(latency.failures()).isZero();
			assertThat(latency.requests()).isEqualTo(6);
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	@Test
	void chunkedBodiesAreReadToTheirLastChunk() throws Exception {
		String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
				+ "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n";
		try (ScriptedHttpServer server = ScriptedHttpServer.start((request) -> Action.raw(chunked))) {
			List<LoadDriver.Response> responses = LoadDriver.get(new LoadDriver.Target(server.port(), "/"), 3);

			assertThat(responses).extracting(LoadDriver.Response::body).containsExactly("abcde", "abcde", "abcde");
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void anErrorStatusCountsAsAFailure() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer
			.start((request) -> (request.onConnection() % 2 == 0) ? Action.answer(503, "busy") : Action.answer())) {
			LoadDriver.Latency latency = LoadDriver.latency(new LoadDriver.Target(server.port(), "/"), 0, 10);

			assertThat(latency.failures()).isEqualTo(5);
			assertThat(latency.requests()).isEqualTo(5);
		}
	}

	@Test
	void interleavedTargetsTakeTurnsEachRoundStartingOneFurtherAndKeepTheirOwnFigures() throws Exception {
		List<String> arrivals = new CopyOnWriteArrayList<>();
		try (ScriptedHttpServer a = ScriptedHttpServer.start((request) -> {
			arrivals.add("a");
			return Action.answer(503, "busy");
		}); ScriptedHttpServer b = ScriptedHttpServer.start((request) -> {
			arrivals.add("b");
			return Action.answer();
		})) {
			List<LoadDriver.Latency> figures = LoadDriver.interleavedLatency(
					List.of(new LoadDriver.Target(a.port(), "/"), new LoadDriver.Target(b.port(), "/")), 1, 3);

			assertThat(arrivals).containsExactly("a", "b", /* measured: */ "a", "b", "b", "a", "a", "b");
			assertThat(figures.get(0).failures()).isEqualTo(3);
			assertThat(figures.get(0).requests()).isZero();
			assertThat(figures.get(1).failures()).isZero();
			assertThat(figures.get(1).requests()).isEqualTo(3);
			assertThat(a.connections()).isOne();
			assertThat(b.connections()).isOne();
		}
	}

	@Test
	void throughputCountsTheAnswersOfEverySender() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start((request) -> Action.answer())) {
			LoadDriver.Throughput throughput = LoadDriver.throughput(new LoadDriver.Target(server.port(), "/"), 4, 0.3);

			assertThat(throughput.requests()).isPositive();
			assertThat(throughput.failures()).isZero();
			assertThat(throughput.connections()).as("each sender connects before the clock starts").isZero();
			assertThat(server.connections()).isEqualTo(4);
			assertThat(server.requests()).isGreaterThanOrEqualTo((int) throughput.requests());
		}
	}

}
