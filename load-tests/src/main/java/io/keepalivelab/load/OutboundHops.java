package io.keepalivelab.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * A running service's outbound hops as its own counters tell them: per downstream, the connections it opened
 * and the requests it sent. A keepalive-lab service answers {@code GET /actuator/connections} (per downstream
 * service, {@code opened} and {@code requests}); any other service whose WebClient has Reactor Netty's client
 * metrics on answers {@code GET /actuator/prometheus}, where the connect timer counts every TCP connect and the
 * response timer every answered request, per remote address.
 */
public record OutboundHops(String source, Map<String, Counts> byDownstream) {

	/** Reactor Netty's HTTP client timer of responses, per remote address, URI, method and status. */
	public static final String RESPONSE_TIME = "reactor_netty_http_client_response_time_seconds";

	private static final String PROMETHEUS = "/actuator/prometheus";

	private static final String REMOTE_ADDRESS = "remote_address";

	public OutboundHops {
		byDownstream = Collections.unmodifiableSortedMap(new TreeMap<>(byDownstream));
	}

	/** Connections one hop opened and requests it sent. */
	public record Counts(long opened, long requests) {

		public double perRequest() {
			return (this.requests == 0) ? 0 : (double) this.opened / this.requests;
		}

	}

	/**
	 * The counters in a body from {@code /actuator/connections} (JSON) or {@code /actuator/prometheus} (text).
	 * @throws IllegalArgumentException when the body is neither, or lacks the counters, saying which
	 */
	public static OutboundHops parse(String body) {
		return body.stripLeading().startsWith("{") ? fromConnections(body) : fromPrometheus(PrometheusMetrics.parse(body));
	}

	/**
	 * {@link #parse} for the counters before a load: Micrometer registers a client timer at its first use, so a service
	 * that has not connected anywhere yet has none, and counts from 0.
	 */
	public static OutboundHops parseBefore(String body) {
		if (body.stripLeading().startsWith("{")) {
			return fromConnections(body);
		}
		PrometheusMetrics metrics = PrometheusMetrics.parse(body);
		boolean connectedYet = metrics.samples().stream()
			.anyMatch((sample) -> sample.name().equals(PrometheusMetrics.CONNECT_TIME + "_count"));
		return connectedYet ? fromPrometheus(metrics) : new OutboundHops(PROMETHEUS, Map.of());
	}

	static OutboundHops fromConnections(String json) {
		JsonNode outbound;
		try {
			outbound = Json.MAPPER.readTree(json).path("outbound");
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("the connections endpoint's answer is not JSON: " + ex.getMessage());
		}
		if (!outbound.isObject()) {
			throw new IllegalArgumentException("the connections endpoint's answer has no \"outbound\" object");
		}
		Map<String, Counts> hops = new LinkedHashMap<>();
		outbound.properties().forEach((entry) -> hops.put(entry.getKey(),
				new Counts(entry.getValue().path("opened").asLong(), entry.getValue().path("requests").asLong())));
		return new OutboundHops("/actuator/connections", hops);
	}

	static OutboundHops fromPrometheus(PrometheusMetrics metrics) {
		Map<String, Long> connects;
		Map<String, Long> responses;
		try {
			connects = metrics.timerCounts(PrometheusMetrics.CONNECT_TIME, REMOTE_ADDRESS, "SUCCESS"::equals);
			responses = metrics.timerCounts(RESPONSE_TIME, REMOTE_ADDRESS, (status) -> true);
		}
		catch (PrometheusMetrics.MissingMetricException ex) {
			throw new IllegalArgumentException(ex.getMessage() + ": the service's HTTP client records no Reactor Netty "
					+ "metrics (turn them on with HttpClient.metrics(true, uriTagValue) on its WebClient's HttpClient)");
		}
		Map<String, Counts> hops = new LinkedHashMap<>();
		connects.forEach((address, opened) -> hops.put(address, new Counts(opened, responses.getOrDefault(address, 0L))));
		responses.forEach((address, requests) -> hops.putIfAbsent(address, new Counts(0, requests)));
		return new OutboundHops(PROMETHEUS, hops);
	}

	/** What happened between {@code before} and these counters; a hop absent before started from 0. */
	public OutboundHops since(OutboundHops before) {
		Map<String, Counts> since = new LinkedHashMap<>();
		this.byDownstream.forEach((downstream, now) -> {
			Counts then = before.byDownstream().getOrDefault(downstream, new Counts(0, 0));
			since.put(downstream, new Counts(now.opened() - then.opened(), now.requests() - then.requests()));
		});
		return new OutboundHops(this.source, since);
	}

}
