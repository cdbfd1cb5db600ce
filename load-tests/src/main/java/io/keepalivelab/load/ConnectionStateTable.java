package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Each scenario's response times split by how many connections the request's internal hops opened, as the chain's
 * answer says: where a run mixes reused and new connections, the humps of its histogram, each named, with what the
 * round trips predict for it.
 */
final class ConnectionStateTable {

	private ConnectionStateTable() {
	}

	static Table of(List<ScenarioResult> scenarios) {
		List<List<String>> rows = new ArrayList<>();
		boolean mixed = false;
		for (ScenarioResult scenario : scenarios) {
			Map<Integer, Histogram> groups = scenario.latenciesByNewConnections();
			long total = groups.values().stream().mapToLong(Histogram::getTotalCount).sum();
			mixed |= groups.size() > 1;
			for (Map.Entry<Integer, Histogram> group : groups.entrySet()) {
				Histogram latencies = group.getValue();
				rows.add(List.of(scenario.name(), label(group.getKey()), Long.toString(latencies.getTotalCount()),
						format("%.1f%%", 100.0 * latencies.getTotalCount() / total),
						Long.toString(latencies.getValueAtPercentile(50)), Long.toString(latencies.getValueAtPercentile(99)),
						scenario.prediction()
							.map((prediction) -> format("%.1f", prediction.totalMsWithNewInternalConnections(group.getKey())))
							.orElse("n/a")));
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("Each measured request's response time, grouped by the newConnections of the chain's answer: the "
				+ "connections its internal hops (public-api -> orchestration-api -> backend-api) opened for it; "
				+ "Gatling records them in latency-by-new-connections.hlog. The customer hop is not counted: it opens "
				+ "one per request when the load generator closes its connections, in every group alike.");
		notes.add("Predicted: every internal call one round trip (2d), plus for each new connection its set-up round "
				+ "trips on the internal link (TCP, and TLS without resumption), plus the customer hop and the backend's "
				+ "work as the scenario's prediction has them.");
		if (mixed) {
			notes.add("A scenario with more than one group mixed reused and new connections: its latency histogram "
					+ "has a hump per group, and the predicted column says how far apart they should lie.");
		}
		return new Table("Latency by connections opened (ms)", List.of("scenario", "internal hops opened",
				"requests", "share", "p50", "p99", "predicted p50"), rows, notes);
	}

	/** {@code all reused}, {@code 1 new connection}, {@code 3 new connections}. */
	static String label(int newConnections) {
		return switch (newConnections) {
			case 0 -> "all reused";
			case 1 -> "1 new connection";
			default -> newConnections + " new connections";
		};
	}

}
