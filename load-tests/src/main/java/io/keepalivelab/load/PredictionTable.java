package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;

/** Each scenario's {@link Prediction} hop by hop: where the predicted latency comes from. */
final class PredictionTable {

	private PredictionTable() {
	}

	static Table of(List<ScenarioResult> scenarios) {
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			scenario.prediction().ifPresent((prediction) -> {
				for (Prediction.HopCost hop : prediction.hops()) {
					rows.add(List.of(scenario.name(), hop.hop().label(), format("%.3f", hop.delayMs()),
							hop.newConnection() ? "new (" + hop.transport().description() + ")" : "reused",
							Integer.toString(hop.roundTrips()), Integer.toString(hop.callsPerRequest()),
							format("%.1f", hop.msPerRequest())));
				}
				rows.add(List.of(scenario.name(), "backend work", "-", "-", "-",
						Integer.toString(scenario.settings().get().calls()), format("%.1f", prediction.workMs())));
				rows.add(List.of(scenario.name(), "total", "", "", "", "", format("%.1f", prediction.totalMs())));
			});
		}
		return new Table("Predicted latency per hop",
				List.of("scenario", "hop", "one-way delay d (ms)", "connection", "round trips per call",
						"calls per request", "ms per request"),
				rows, List.of("Round trips per call: 1 for the request, plus the handshakes of a new connection; each "
						+ "costs 2d. Scenarios without scenario.json have no prediction."));
	}

}
