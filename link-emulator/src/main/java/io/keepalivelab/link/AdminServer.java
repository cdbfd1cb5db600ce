package io.keepalivelab.link;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP endpoint over the running links, so a load test or a person can read their counters
 * while the emulator runs: {@code GET /links} answers them as JSON. One context per resource, so
 * later switches (faults per link) join as further contexts.
 */
final class AdminServer implements AutoCloseable {

	private final HttpServer server;

	private final List<Link> links;

	AdminServer(String bindAddress, int port, List<Link> links) throws IOException {
		this.links = links;
		this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
		server.createContext("/links", this::links);
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private void links(HttpExchange exchange) throws IOException {
		if (!exchange.getRequestURI().getPath().equals("/links")) {
			respond(exchange, 404, "{\"error\":\"not found\"}");
		}
		else if (!exchange.getRequestMethod().equals("GET")) {
			exchange.getResponseHeaders().set("Allow", "GET");
			respond(exchange, 405, "{\"error\":\"method not allowed\"}");
		}
		else {
			respond(exchange, 200, links.stream().map(AdminServer::json).collect(Collectors.joining(",", "{\"links\":[", "]}")));
		}
	}

	// Names and hosts are validated to characters that need no escaping in JSON.
	private static String json(Link link) {
		LinkConfig config = link.config();
		LinkStats stats = link.stats();
		return ("{\"name\":\"%s\",\"listenAddress\":\"%s\",\"listenPort\":%d,\"targetHost\":\"%s\",\"targetPort\":%d,"
				+ "\"delayMs\":%s,\"jitterMs\":%s,\"connectionsOpened\":%d,\"connectionsActive\":%d,"
				+ "\"bytesClientToServer\":%d,\"bytesServerToClient\":%d}")
			.formatted(config.name(), config.bindAddress(), link.port(), config.targetHost(), config.targetPort(),
					LinkConfig.millis(config.delay()), LinkConfig.millis(config.jitter()), stats.connectionsOpened(),
					stats.connectionsActive(), stats.bytesClientToServer(), stats.bytesServerToClient());
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
