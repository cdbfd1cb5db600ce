package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultTableTests {

	private static final FaultSettings HARDENED = new FaultSettings("idle-drop", "hardened", "d",
			FaultSettings.Expect.NO_FAILURES, 3000);

	private static final FaultSettings MISCONFIGURED = new FaultSettings("idle-drop", "misconfigured", "d",
			FaultSettings.Expect.FAILURES, 3000);

	private static final FaultSettings OUTAGE = new FaultSettings("backend-restart", "hardened", "d",
			FaultSettings.Expect.BOUNDED, 3000);

	@Test
	void hardenedConfigurationMustLoseNothing() {
		assertThat(FaultTable.verdict(HARDENED, summary(0, 120, null)).problem()).isFalse();
		FaultTable.Verdict lost = FaultTable.verdict(HARDENED, summary(2, 120, new RunSummary.Failures(1, 2, 30)));
		assertThat(lost.problem()).isTrue();
		assertThat(lost.text()).startsWith("2 lost").endsWith(Table.WARNING);
	}

	@Test
	void misconfigurationThatMissedTheRaceIsFlaggedButNotAProblem() {
		assertThat(FaultTable.verdict(MISCONFIGURED, summary(3, 2900, new RunSummary.Failures(1, 5, 10))).text())
			.isEqualTo("failure reproduced");
		FaultTable.Verdict missed = FaultTable.verdict(MISCONFIGURED, summary(0, 100, null));
		assertThat(missed.problem()).isFalse();
		assertThat(missed.text()).endsWith(Table.WARNING);
	}

	@Test
	void anyRequestSlowerThanTheTimeoutHungWhateverTheExpectation() {
		for (FaultSettings fault : new FaultSettings[] { HARDENED, MISCONFIGURED, OUTAGE }) {
			FaultTable.Verdict hung = FaultTable.verdict(fault, summary(1, 3001, new RunSummary.Failures(1, 1, 5)));
			assertThat(hung.problem()).isTrue();
			assertThat(hung.text()).startsWith("a request hung: 3001 ms");
		}
	}

	@Test
	void outageMustEndWithSuccesses() {
		assertThat(FaultTable.verdict(OUTAGE, summary(40, 2100, new RunSummary.Failures(3, 7, 55))).text())
			.isEqualTo("none hung, recovered");
		assertThat(FaultTable.verdict(OUTAGE, summary(40, 2100, new RunSummary.Failures(3, 12, 0))).problem()).isTrue();
	}

	private static RunSummary summary(long failures, long slowestMs, RunSummary.Failures window) {
		return new RunSummary(4, 10, 0, 2, 10, true, "http://localhost:8080/api/chain", 100, failures, 10, 10, slowestMs,
				window);
	}

}
