package io.keepalivelab.link;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP endpoint over the running links, so a load test or a person can read their counters
 * and switch their faults while the emulator runs:
 * <ul>
 * <li>{@code GET /links}: every link, its counters and its faults, as JSON;</li>
 * <li>{@code POST /links/NAME/idle-drop?afterMs=N}, {@code POST /links/NAME/freeze?forMs=N},
 * {@code POST /links/NAME/reset} (now) or {@code POST /links/NAME/reset?afterBytes=N}, and
 * {@code DELETE /links/NAME/faults}: switch a fault (see {@link Link}), then answer that link as JSON.</li>
 * </ul>
 * A bad request gets a 4xx whose JSON {@code error} says what is wrong. A request a browser sends for
 * another site is refused with a 403, so that no web page open while the lab runs can switch a fault: one
 * whose {@code Sec-Fetch-Site} says cross-site, whose {@code Origin} is not the endpoint's own, or whose
 * {@code Host} is a domain name (a page whose domain resolves to 127.0.0.1, DNS rebinding).
 */
final class AdminServer implements AutoCloseable {

	private static final Pattern FAULT_PATH = Pattern.compile("/links/([^/]+)/([^/]+)");

	/** Hosts the endpoint answers for: IP literals, localhost, and one-label names such as a compose service. */
	private static final Pattern LOCAL_HOST = Pattern
		.compile("(?i)(\\[[0-9a-f:.]+]|[0-9.]+|localhost|[a-z0-9]([a-z0-9_-]*[a-z0-9])?)(:[0-9]+)?");

	private final HttpServer server;

	private final List<Link> links;

	AdminServer(String bindAddress, int port, List<Link> links) throws IOException {
		this.links = links;
		this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
		server.createContext("/links", this::handle);
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			refuseCrossSite(exchange.getRequestHeaders());
			respond(exchange, 200, answer(exchange.getRequestMethod(), exchange.getRequestURI()));
		}
		catch (Refused ex) {
			if (ex.allow != null) {
				exchange.getResponseHeaders().set("Allow", ex.allow);
			}
			respond(exchange, ex.status, error(ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			respond(exchange, 400, error(ex.getMessage()));
		}
	}

	private static void refuseCrossSite(Headers headers) {
		String host = Objects.requireNonNullElse(headers.getFirst("Host"), "");
		if (!LOCAL_HOST.matcher(host).matches()) {
			throw new Refused(403, "refused for Host '" + host + "': the endpoint answers for an address, localhost or a"
					+ " one-label name, never a domain that a web page could point at it");
		}
		String fetchSite = headers.getFirst("Sec-Fetch-Site");
		if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
			throw new Refused(403, "refused a " + fetchSite + " request: no web page may read or switch the links");
		}
		String origin = headers.getFirst("Origin");
		if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
			throw new Refused(403, "refused a request from origin '" + origin
					+ "': no web page may read or switch the links");
		}
	}

	private String answer(String method, URI uri) {
		if (uri.getPath().equals("/links")) {
			requireMethod(method, "GET");
			return links.stream().map(AdminServer::json).collect(Collectors.joining(",", "{\"links\":[", "]}"));
		}
		Matcher path = FAULT_PATH.matcher(uri.getPath());
		if (!path.matches()) {
			throw new Refused(404, "no such resource: " + uri.getPath());
		}
		Link link = link(path.group(1));
		switch (path.group(2)) {
			case "idle-drop" -> {
				requireMethod(method, "POST");
				link.idleDrop(LinkFaults.parseMillis("afterMs", parameters(uri, "afterMs").get("afterMs")));
			}
			case "freeze" -> {
				requireMethod(method, "POST");
				link.freeze(LinkFaults.parseMillis("forMs", parameters(uri, "forMs").get("forMs")));
			}
			case "reset" -> {
				requireMethod(method, "POST");
				Map<String, String> parameters = parameters(uri, "afterBytes");
				if (parameters.isEmpty()) {
					link.resetNow();
				}
				else {
					link.resetAfterBytes(LinkFaults.parseBytes("afterBytes", parameters.get("afterBytes")));
				}
			}
			case "delay" -> {
				requireMethod(method, "POST");
				Map<String, String> parameters = parameters(uri, "oneWayMs", "jitterMs");
				String jitter = parameters.getOrDefault("jitterMs", "0");
				link.delay(LinkConfig.parseMillis("oneWayMs", parameters.get("oneWayMs")),
						LinkConfig.parseMillis("jitterMs", jitter));
			}
			case "faults" -> {
				requireMethod(method, "DELETE");
				parameters(uri); // refuses any: clearing takes none
				link.clearFaults();
			}
			default -> throw new Refused(404, "unknown fault '" + path.group(2)
					+ "'; POST idle-drop, freeze, reset or delay, or DELETE faults");
		}
		return json(link);
	}

	private Link link(String name) {
		return links.stream()
			.filter((link) -> link.config().name().equals(name))
			.findFirst()
			.orElseThrow(() -> new Refused(404, "no link named '" + name + "'; links: "
					+ links.stream().map((link) -> link.config().name()).collect(Collectors.joining(", "))));
	}

	private static void requireMethod(String method, String allowed) {
		if (!method.equals(allowed)) {
			throw new Refused(405, "method " + method + " not allowed here, only " + allowed, allowed);
		}
	}

	/** The query's parameters, each of them one of {@code allowed}. */
	private static Map<String, String> parameters(URI uri, String... allowed) {
		Map<String, String> parameters = new HashMap<>();
		String query = uri.getRawQuery();
		for (String pair : (query == null || query.isEmpty()) ? new String[0] : query.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			String name = URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8);
			if (!List.of(allowed).contains(name)) {
				throw new Refused(400, "unknown parameter '" + name + "'; this takes "
						+ ((allowed.length == 0) ? "none" : String.join(", ", allowed)));
			}
			parameters.put(name, (nameAndValue.length == 2) ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
		}
		return parameters;
	}

	// Names and hosts are validated to characters that need no escaping in JSON.
	private static String json(Link link) {
		LinkConfig config = link.config();
		LinkStats stats = link.stats();
		LinkFaults faults = link.faults();
		return ("{\"name\":\"%s\",\"listenAddress\":\"%s\",\"listenPort\":%d,\"targetHost\":\"%s\",\"targetPort\":%d,"
				+ "\"delayMs\":%s,\"jitterMs\":%s,\"connectionsOpened\":%d,\"connectionsActive\":%d,"
				+ "\"bytesClientToServer\":%d,\"bytesServerToClient\":%d,\"connectionsDropped\":%d,"
				+ "\"connectionsReset\":%d,\"freezes\":%d,\"bytesDiscarded\":%d,"
				+ "\"faults\":{\"idleDropAfterMs\":%s,\"frozenForMs\":%d,\"resetAfterBytes\":%s}}")
			.formatted(config.name(), config.bindAddress(), link.port(), config.targetHost(), config.targetPort(),
					LinkConfig.millis(config.delay()), LinkConfig.millis(config.jitter()), stats.connectionsOpened(),
					stats.connectionsActive(), stats.bytesClientToServer(), stats.bytesServerToClient(),
					stats.connectionsDropped(), stats.connectionsReset(), stats.freezes(), stats.bytesDiscarded(),
					faults.idleDropAfter().map(LinkConfig::millis).orElse("null"),
					ceilMillis(faults.frozenFor().toNanos()),
					faults.resetAfterBytes().isPresent() ? faults.resetAfterBytes().getAsLong() : "null");
	}

	/** Whole milliseconds, rounded up: a freeze in force never shows as 0. */
	private static long ceilMillis(long nanos) {
		return (nanos + 999_999) / 1_000_000;
	}

	/** Error messages quote what the client sent, so they are escaped. */
	private static String error(String message) {
		StringBuilder json = new StringBuilder("{\"error\":\"");
		message.chars()
			.forEach((c) -> json.append((c == '"' || c == '\\') ? "\\" + (char) c
					: (c < 0x20) ? "\\u%04x".formatted(c) : String.valueOf((char) c)));
		return json.append("\"}").toString();
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** A request the endpoint refuses: its status, what is wrong, and for a 405 the method allowed. */
	private static final class Refused extends RuntimeException {

		private final int status;

		private final String allow;

		Refused(int status, String message) {
			this(status, message, null);
		}

		Refused(int status, String message, String allow) {
			super(message, null, false, false);
			this.status = status;
			this.allow = allow;
		}

	}

}
