package io.keepalivelab.testsupport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.keepalivelab.testsupport.RawHttp.Closure;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Request;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/** The scripted server's scripts, counts and idle policies, seen through the raw client. */
class ScriptedHttpServerTests {

	private static final Duration SHORT = Duration.ofMillis(200);

	@Test
	void theScriptSeesWhichConnectionAndWhichRequestOnItAndTheServerCountsBoth() throws IOException {
		List<Request> seen = new CopyOnWriteArrayList<>();
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> {
			seen.add(request);
			return Action.answer(200, request.connection() + "." + request.onConnection());
		})) {
			try (RawHttp first = RawHttp.open(server.port()); RawHttp second = RawHttp.open(server.port())) {
				assertThat(first.get("/a").body()).isEqualTo("1.1");
				assertThat(first.write("POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").response().body())
					.isEqualTo("1.2");
				assertThat(second.get("/a", "X-Test: yes").body()).isEqualTo("2.1");
			}

			assertThat(server.connections()).isEqualTo(2);
			assertThat(server.requests()).isEqualTo(3);
			assertThat(server.requests("/a")).containsExactly("GET /a", "GET /a");
			assertThat(seen).extracting(Request::method, Request::path, Request::body)
				.containsExactly(tuple("GET", "/a", ""), tuple("POST", "/b", "abc"), tuple("GET", "/a", ""));
			assertThat(seen.get(2).headers()).containsEntry("x-test", "yes");
		}
	}

	@Test
	void countsTheConnectionsTheClientClosedNotThoseTheServerClosed() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer
			.start(request -> request.path().equals("/close") ? Action.answer().thenClose() : Action.answer())) {
			try (RawHttp closedByServer = RawHttp.open(server.port()); RawHttp closedByClient = RawHttp.open(server.port())) {
				assertThat(closedByServer.get("/close").status()).isEqualTo(200);
				assertThat(closedByClient.get("/keep").status()).isEqualTo(200);
			}

			for (long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); server.closedByClient() < 1
					&& System.nanoTime() < deadline;) {
				Thread.sleep(10);
			}
			Thread.sleep(SHORT.toMillis());
			assertThat(server.closedByClient()).isEqualTo(1);
		}
	}

	@Test
	void aScriptMayHoldTheAnswerUntilTheTestReleasesIt() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> {
			release.await();
			return Action.answer();
		}); RawHttp connection = RawHttp.open(server.port(), SHORT)) {
			connection.sendGet("/");
			server.awaitRequests(1);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(connection::response);

			release.countDown();

			assertThat(connection.closure(RawHttp.READ_LIMIT)).as("the answer's first byte arrives")
				.isEqualTo(Closure.OPEN);
		}
	}

	@Test
	void aDelayedActionIsTakenAfterItsDelay() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.reset().after(Duration.ofMinutes(1)));
				RawHttp connection = RawHttp.open(server.port(), SHORT)) {
			connection.sendGet("/");
			server.awaitRequests(1);

			assertThat(connection.closure(SHORT)).as("not reset yet").isEqualTo(Closure.OPEN);
		}
	}

	@Test
	void aConnectionIdlePastTheTimeoutEndsAsConfigured() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.with(request -> Action.answer())
			.idleTimeout(SHORT, Unanswered.RESET)
			.start(); RawHttp connection = RawHttp.open(server.port())) {
			assertThat(connection.get("/").status()).isEqualTo(200);

			assertThat(connection.closure()).isEqualTo(Closure.RESET);
			assertThat(server.requests()).isEqualTo(1);
		}
	}

	@Test
	void anIdleCheckClosesIdleConnectionsWithAFin() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.with(request -> Action.answer())
			.idleCheck(SHORT, Duration.ofMillis(50))
			.start(); RawHttp connection = RawHttp.open(server.port())) {
			assertThat(connection.get("/").status()).isEqualTo(200);

			assertThat(connection.closure()).isEqualTo(Closure.CLOSED);
		}
	}

	@Test
	void closingTheServerEndsItsConnections() throws Exception {
		ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.hang());
		try (RawHttp connection = RawHttp.open(server.port())) {
			connection.sendGet("/");
			server.awaitRequests(1);

			server.close();

			assertThat(connection.closure()).isNotEqualTo(Closure.OPEN);
		}
	}

	@Test
	void awaitingRequestsThatNeverComeFails() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.answer())) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> server.awaitRequests(1, SHORT))
				.withMessage("the server read 0 request(s), not 1");
		}
	}
}
