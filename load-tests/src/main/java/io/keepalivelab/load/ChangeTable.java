package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --compare=DIR}: each scenario of this run beside the scenario of the same name in an earlier run, so that
 * the effect of a setting changed between two days shows: p50, p99, throughput and connections per request, then
 * and now, with the change.
 */
final class ChangeTable {

	private ChangeTable() {
	}

	/**
	 * @param earlierRun the earlier run's directory
	 * @param earlier each scenario of this run as the earlier run holds it, empty where it has none or cannot be read
	 */
	static Table of(Path earlierRun, List<ScenarioResult> scenarios, List<Optional<ScenarioResult>> earlier) {
		List<List<String>> rows = new ArrayList<>();
		boolean anyMissing = false;
		for (int i = 0; i < scenarios.size(); i++) {
			ScenarioResult now = scenarios.get(i);
			Optional<ScenarioResult> then = earlier.get(i);
			if (then.isEmpty()) {
				anyMissing = true;
				rows.add(List.of(now.name(), "- [1]", "-", "-", "-"));
				continue;
			}
			rows.add(List.of(now.name(),
					change(then.get().latencies().getValueAtPercentile(50), now.latencies().getValueAtPercentile(50), "%.0f"),
					change(then.get().latencies().getValueAtPercentile(99), now.latencies().getValueAtPercentile(99), "%.0f"),
					change(then.get().summary().throughputPerSecond(), now.summary().throughputPerSecond(), "%.1f"),
					change(then.get().connectionsPerRequest(), now.connectionsPerRequest(), "%.3f")));
		}
		List<String> notes = new ArrayList<>();
		notes.add("Each cell: the earlier run's figure -> this run's, and the change in percent. Earlier run: "
				+ earlierRun + ". Runs on one machine differ by a few percent from one to the next; on a shared "
				+ "machine by more.");
		if (anyMissing) {
			notes.add("[1] The earlier run has no such scenario, or it could not be read.");
		}
		return new Table("Change since an earlier run", List.of("scenario", "p50 ms", "p99 ms", "throughput req/s",
				"connections per request"), rows, notes);
	}

	/** {@code 62 -> 55 (-11.3%)}; {@code 0.000 -> 0.000 (0%)}. */
	static String change(double then, double now, String pattern) {
		String figures = format(pattern, then) + " -> " + format(pattern, now);
		if (then == 0) {
			return figures + ((now == 0) ? " (0%)" : " (new)");
		}
		return figures + format(" (%+.1f%%)", 100 * (now - then) / then);
	}

}
