package io.keepalivelab.testsupport;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.keepalivelab.testsupport.RawHttp.Closure;
import io.keepalivelab.testsupport.RawHttp.Exchange;
import io.keepalivelab.testsupport.RawHttp.Response;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/** The raw client against the scripted server: what it reads, and how it tells the ways a connection ends. */
class RawHttpTests {

	/** Long enough for a loopback server to act; a connection still open after it is taken as kept open. */
	private static final Duration SETTLE = Duration.ofMillis(300);

	@Test
	void anAnswerIsReadAndTheConnectionStaysOpen() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.answer());
				RawHttp connection = RawHttp.open(server.port())) {
			Response response = connection.get("/first");

			assertThat(response.version()).isEqualTo("HTTP/1.1");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Length")).isEqualTo("2");
			assertThat(response.body()).isEqualTo("ok");
			assertThat(response.closesTheConnection()).isFalse();
			assertThat(connection.get("/second").body()).isEqualTo("ok");
			assertThat(connection.closure(SETTLE)).isEqualTo(Closure.OPEN);
		}
	}

	@Test
	void anAnswerThatClosesSaysSoThenEndsWithAFin() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.answer().thenClose());
				RawHttp connection = RawHttp.open(server.port())) {
			Response response = connection.get("/");

			assertThat(response.headers()).containsEntry("connection", "close");
			assertThat(response.closesTheConnection()).isTrue();
			assertThat(connection.closure()).isEqualTo(Closure.CLOSED);
		}
	}

	@Test
	void aCloseBeforeAnyResponseIsAnEofThenAFin() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.close());
				RawHttp connection = RawHttp.open(server.port())) {
			connection.sendGet("/");

			assertThatExceptionOfType(EOFException.class).isThrownBy(connection::response)
				.withMessageContaining("before a response");
			assertThat(connection.closure()).isEqualTo(Closure.CLOSED);
		}
	}

	@Test
	void aResetIsToldApartFromAFin() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.reset());
				RawHttp connection = RawHttp.open(server.port())) {
			connection.sendGet("/");

			assertThat(connection.closure()).isEqualTo(Closure.RESET);
		}
	}

	@Test
	void aHangingServerLeavesTheConnectionOpenAndTheReadTimesOut() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.hang());
				RawHttp connection = RawHttp.open(server.port(), SETTLE)) {
			connection.sendGet("/");
			server.awaitRequests(1);

			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(connection::response);
			assertThat(connection.closure(SETTLE)).isEqualTo(Closure.OPEN);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 OK\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
			"HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok",
			"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n" })
	void aMalformedResponseIsAProtocolException(String malformed) throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.raw(malformed));
				RawHttp connection = RawHttp.open(server.port())) {
			connection.sendGet("/");

			assertThatExceptionOfType(ProtocolException.class).isThrownBy(connection::response);
		}
	}

	@Test
	void aResponseCutShortIsAnEof() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer
			.start(request -> Action.raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok").thenClose());
				RawHttp connection = RawHttp.open(server.port())) {
			connection.sendGet("/");

			assertThatExceptionOfType(EOFException.class).isThrownBy(connection::response)
				.withMessageContaining("2 of 10 bytes");
		}
	}

	@Test
	void pipelinedRequestsGetTheirResponsesInOrderChunkedOrNot() throws IOException {
		String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: t\r\n\r\n";
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> switch (request.path()) {
			case "/chunked" -> Action.raw(chunked);
			case "/head" -> Action.raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
			default -> Action.answer(404, "none").thenClose();
		})) {
			Exchange exchange = RawHttp.exchange(server.port(), "HEAD /head HTTP/1.1\r\n\r\n"
					+ "GET /chunked HTTP/1.1\r\n\r\n" + "GET /last HTTP/1.1\r\n\r\n", 3);

			assertThat(exchange.responses()).extracting(Response::status, Response::body)
				.containsExactly(tuple(200, ""), tuple(200, "abcde"), tuple(404, "none"));
			assertThat(exchange.closure()).isEqualTo(Closure.CLOSED);
		}
	}

	@Test
	void anExchangeWaitsForTheClosureOnlyWhenTheResponseSaysTheConnectionCloses() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.answer())) {
			Exchange exchange = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\n\r\n", 1);

			assertThat(exchange.response().body()).isEqualTo("ok");
			assertThat(exchange.closure()).isEqualTo(Closure.OPEN);
		}
	}

	@Test
	void anExchangeWithoutACompleteAnswerNamesTheRequest() throws IOException {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.close())) {
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> RawHttp.exchange(server.port(), "DELETE /thing HTTP/1.1\r\n\r\n", 1))
				.withMessage("no complete answer to DELETE /thing HTTP/1.1");
		}
	}
}
