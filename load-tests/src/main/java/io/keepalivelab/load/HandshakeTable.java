package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time the internal hops spent opening new connections: connects and TLS handshakes, from the calling
 * services' Reactor Netty client timers, next to the round trips the network makes them cost.
 */
final class HandshakeTable {

	private HandshakeTable() {
	}

	static Table of(List<ScenarioResult> scenarios) {
		int skippedLines = 0;
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			for (Hop hop : Hop.values()) {
				if (hop.caller() == null) {
					continue;
				}
				Optional<PrometheusMetrics> metrics = scenario.callerMetrics(hop);
				skippedLines += metrics.map(PrometheusMetrics::skippedLines).orElse(0);
				Optional<PrometheusMetrics.TimerTotal> connects = metrics
					.map((it) -> it.successfulTimer(PrometheusMetrics.CONNECT_TIME));
				// Without TLS there is no handshake timer to read; with an unknown transport, no way to tell.
				Optional<PrometheusMetrics.TimerTotal> handshakes = metrics
					.filter((it) -> scenario.settings().map((settings) -> settings.transport().tls()).orElse(false))
					.map((it) -> it.successfulTimer(PrometheusMetrics.TLS_HANDSHAKE_TIME));
				String network = scenario.settings()
					.map((settings) -> format("%.1f",
							settings.transport().handshakeRoundTrips(scenario.mostlyResumed(hop)) * 2
									* settings.delayMs(hop)))
					.orElse("n/a");
				String resumed = scenario.callerResumed(hop).map(String::valueOf).orElse("n/a");
				boolean plain = scenario.settings().map((settings) -> !settings.transport().tls()).orElse(false);
				rows.add(List.of(scenario.name(), hop.label(), count(connects), meanMs(connects),
						plain && metrics.isPresent() ? "- (no TLS)" : count(handshakes), resumed,
						plain && metrics.isPresent() ? "-" : meanMs(handshakes), network));
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("From the calling service's Reactor Netty client timers in metrics/<service>.prom ("
				+ PrometheusMetrics.CONNECT_TIME + " and " + PrometheusMetrics.TLS_HANDSHAKE_TIME
				+ ", status SUCCESS, every remote address), over the whole scenario, warm-up included; "
				+ "n/a without the file or when the transport is unknown, - when the timer never ran; a timer "
				+ "missing from the file stops the report. Resumed: new TLS connections whose "
				+ "handshake resumed an earlier session, as the caller counted (connections/<service>.json). "
				+ "Network: TCP 1 round trip, TLS 1.3 +1, TLS 1.2 +2, or +1 when most handshakes resumed. The link emulator is a local proxy: the client's TCP connect completes at once and "
				+ "the link holds the first bytes back by one round trip instead, so expect a connect time near 0 "
				+ "and a TLS handshake time near the network figure (the TCP round trip included) plus CPU; "
				+ "without TLS the TCP round trip shows in the response time.");
		notes.add("The customer hop (load generator -> public-api) has no such metrics: Gatling counts its connect "
				+ "and TLS time in the response time and does not report them apart.");
		if (skippedLines > 0) {
			notes.add(skippedLines + " line(s) of the metrics files did not parse and were skipped.");
		}
		return new Table("New connections per internal hop: connect and TLS handshake (ms)",
				List.of("scenario", "hop", "connects", "mean connect", "TLS handshakes", "resumed",
						"mean TLS handshake", "network: handshake round trips x 2d"),
				rows, notes);
	}

	private static String count(Optional<PrometheusMetrics.TimerTotal> timer) {
		return timer.map((it) -> Long.toString(it.count())).orElse("n/a");
	}

	private static String meanMs(Optional<PrometheusMetrics.TimerTotal> timer) {
		return timer.map((it) -> it.meanMs().stream().mapToObj((mean) -> format("%.2f", mean)).findFirst().orElse("-"))
			.orElse("n/a");
	}

}
