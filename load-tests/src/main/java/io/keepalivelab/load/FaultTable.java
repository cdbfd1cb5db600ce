package io.keepalivelab.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fault scenarios side by side: how many requests were sent, succeeded, failed and were retried
 * inside the chain, whether any hung, and whether each configuration did what it is there to show.
 */
final class FaultTable {

	private FaultTable() {
	}

	static boolean any(List<ScenarioResult> scenarios) {
		return scenarios.stream().anyMatch((scenario) -> scenario.fault().isPresent());
	}

	static Table of(List<ScenarioResult> scenarios) {
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			Optional<FaultSettings> fault = scenario.fault();
			if (fault.isEmpty()) {
				continue;
			}
			RunSummary summary = scenario.summary();
			rows.add(List.of(scenario.name(), fault.get().fault(), fault.get().configuration(),
					Long.toString(summary.requests()), Long.toString(summary.requests() - summary.failures()),
					Long.toString(summary.failures()), Long.toString(scenario.retries()),
					scenario.serverLimits().evicted() + " / " + scenario.serverLimits().refused(),
					Long.toString(summary.slowestMs()), Long.toString(fault.get().timeoutMs()), failureWindow(summary),
					verdict(fault.get(), summary).text()));
		}
		return new Table("Faults", List.of("scenario", "fault", "configuration", "sent", "succeeded", "failed",
				"retried", "server evicted / refused", "slowest ms", "timeout ms", "failures at s (then succeeded)", "outcome"), rows,
				List.of("Sent / succeeded / failed: the load generator's measured requests. Retried: calls the "
						+ "services sent again on a new connection after a pooled one turned out dead (idempotent "
						+ "requests only), from /actuator/connections. Server evicted / refused: idle connections a server closed above its "
						+ "soft limit, and new ones it refused at its hard limit. Slowest: the longest request, failed ones "
						+ "included; a request slower than the timeout hung. Failures at: first and last failure, in "
						+ "seconds from the start of the measured phase, and how many requests succeeded after the "
						+ "last one."));
	}

	/** What went wrong in a fault scenario; empty when the configuration did what it is there to show. */
	static Optional<String> problem(ScenarioResult scenario) {
		return scenario.fault()
			.map((fault) -> verdict(fault, scenario.summary()))
			.filter(Verdict::problem)
			.map((verdict) -> "scenario '" + scenario.name() + "': " + verdict.text().replace(Table.WARNING, "").strip());
	}

	static Verdict verdict(FaultSettings fault, RunSummary summary) {
		if (summary.slowestMs() > fault.timeoutMs()) {
			return new Verdict("a request hung: " + summary.slowestMs() + " ms, beyond the " + fault.timeoutMs()
					+ " ms timeout" + Table.WARNING, true);
		}
		return switch (fault.expect()) {
			case NO_FAILURES -> (summary.failures() == 0) ? new Verdict("survived: nothing lost", false)
					: new Verdict(summary.failures() + " lost where none should be" + Table.WARNING, true);
			// A race the run did not hit is a missed demonstration, not a broken client.
			case FAILURES -> (summary.failures() > 0) ? new Verdict("failure reproduced", false)
					: new Verdict("failure not reproduced this run" + Table.WARNING, false);
			case BOUNDED -> (summary.failureWindow() == null || summary.failureWindow().succeededAfter() > 0)
					? new Verdict("none hung, recovered", false)
					: new Verdict("none hung, no success after the last failure" + Table.WARNING, true);
		};
	}

	private static String failureWindow(RunSummary summary) {
		RunSummary.Failures window = summary.failureWindow();
		return (window == null) ? "-" : Table.format("%.1f..%.1f (%d)", window.firstSeconds(),
				window.lastSeconds(), window.succeededAfter());
	}

	record Verdict(String text, boolean problem) {
	}

}
