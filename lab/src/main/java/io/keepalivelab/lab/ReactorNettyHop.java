package io.keepalivelab.lab;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.Context;

/**
 * One process of {@link ReactorNettyChain}: the HTTP server and pooled client that Spring WebFlux and WebClient run
 * on, without Spring, so that {@code --overhead} shows what a hop costs on Reactor Netty alone. {@code backend PORT}
 * answers a fixed JSON body; {@code hop PORT DOWNSTREAM_PORT reuse|no-reuse} sends each request's GET to its
 * downstream on loopback and answers with the downstream's body inside its own and the local port of the connection
 * it went out on, keeping its connections or not as the lab's {@code reuse} and {@code no-reuse} profiles do
 * ({@code keepAlive}). Runs until it is stopped.
 */
final class ReactorNettyHop {

	static final String BACKEND = "backend";

	static final String HOP = "hop";

	static final String USAGE = "usage: ReactorNettyHop backend PORT | hop PORT DOWNSTREAM_PORT reuse|no-reuse";

	private static final byte[] BACKEND_BODY = "{\"service\":\"backend\",\"workMs\":0}"
		.getBytes(StandardCharsets.UTF_8);

	private ReactorNettyHop() {
	}

	public static void main(String[] args) {
		List<String> arguments = List.of(args);
		DisposableServer server;
		try {
			server = start(arguments);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		server.onDispose().block();
	}

	static DisposableServer start(List<String> arguments) {
		if (arguments.size() == 2 && arguments.get(0).equals(BACKEND)) {
			return server(port(arguments.get(1))).handle((request, response) -> response
				.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.sendByteArray(Mono.just(BACKEND_BODY))).bindNow();
		}
		if (arguments.size() == 4 && arguments.get(0).equals(HOP)
				&& List.of("reuse", "no-reuse").contains(arguments.get(3))) {
			int port = port(arguments.get(1));
			HttpClient client = HttpClient.create(ConnectionProvider.builder("hop-" + port)
				.maxConnections(50)
				.pendingAcquireTimeout(Duration.ofSeconds(5))
				.build())
				.baseUrl("http://127.0.0.1:" + port(arguments.get(2)))
				.keepAlive(arguments.get(3).equals("reuse"))
				.doOnResponse((answer, connection) -> answer.currentContextView()
					.<Call>get(Call.class)
					.answered(answer.status().code(), ((InetSocketAddress) connection.channel().localAddress()).getPort()));
			String prefix = "{\"hop\":" + port + ",\"via\":";
			return server(port).handle((request, response) -> {
				// the call's status and connection arrive with its response headers (doOnResponse), its body after
				Call call = new Call();
				return response.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
					.sendString(client.get()
						.uri("/")
						.responseContent()
						.aggregate()
						.asString()
						.contextWrite(Context.of(Call.class, call))
						.map((downstream) -> {
							// the downstream's status goes back up: a chain answers 200 only when every hop did
							response.status(call.status);
							return prefix + call.localPort + ",\"downstream\":" + downstream + "}";
						}));
			}).bindNow();
		}
		throw new IllegalArgumentException(USAGE + "; got " + String.join(" ", arguments));
	}

	/**
	 * What a hop learns of its call besides the body: the downstream's status and the local port of the connection
	 * the call went out on ("via" in the answer, as the lab's trace names it).
	 */
	private static final class Call {

		private volatile int status = 502;

		private volatile int localPort;

		void answered(int status, int localPort) {
			this.status = status;
			this.localPort = localPort;
		}

	}

	private static HttpServer server(int port) {
		return HttpServer.create().host("127.0.0.1").port(port);
	}

	private static int port(String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65_535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(USAGE + "; not a port: " + text);
	}

}
