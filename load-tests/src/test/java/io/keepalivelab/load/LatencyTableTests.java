package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LatencyTableTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void latencyRowsShowPercentilesOfEachScenarioLatencyLogInMilliseconds() {
		assertThat(this.run.report("reuse", "no-reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| scenario | mode | transport | requests | p50 | predicted p50 | p50 / predicted | machine floor | "
					+ "p50 / (predicted + floor) | p95 | p99 | max | mean | throughput req/s | failures | p50 / reuse p50 |")
			.contains("| reuse | - | - | 100 | 20 | n/a [1] | n/a | - | - | 30 | 50 | 200 | 23.50 | 10.0 | 0 | 1.00x |")
			.contains("| no-reuse | - | - | 400 | 40 | n/a [1] | n/a | - | - | 40 | 40 | 40 | 40.00 | 40.0 | 0 | 2.00x |")
			.doesNotContain("Machine floor =");
	}

	@Test
	void emulatedRunComparesEachP50WithItsPredictionAndMarksADisagreement() throws IOException {
		this.run.writeEmulatedRun();
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).as("a disagreement does not fail the run")
			.isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 | 1.32 (!) | - | - | 70 | 70 | 70 | 70.00 | 10.0 | 0 | 1.00x |")
			.contains("| no-reuse-tls12 | no-reuse | tls12 | 400 | 160 | 152.0 | 1.05 | - | - | 160 |")
			.contains("(!) p50 / predicted outside 0.85..1.25: the measurement disagrees with the physics")
			.doesNotContain("n/a [1]");
	}

	@Test
	void theMachinesFloorStandsBesideThePredictionAndExplainsTheGap() throws IOException {
		this.run.writeEmulatedRun();
		// p50 34 ms with every link at 0, of which the prediction's calls x workMs = 20: the machine adds 14.
		this.run.writeFloor("reuse-plain", 34, new MachineFloor.BackendAlone(10, 200, 10.4, 11.2));

		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out())
			.contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 | 1.32 (!) | 14 | 1.04 | 70 |")
			.contains("| no-reuse-tls12 | no-reuse | tls12 | 400 | 160 | 152.0 | 1.05 | - | - | 160 |")
			.contains("Machine floor = what this machine adds to a request beside the network")
			.contains("The backend's /work?workMs=10 alone, called one at a time by the lab's JDK client, p50: "
					+ "reuse-plain 10.40 ms (p99 11.20).");
	}

	@Test
	void aFloorBelowTheBackendsWorkAddsNothing() throws IOException {
		this.run.writeEmulatedRun();
		this.run.writeFloor("reuse-plain", 15, null);

		assertThat(this.run.report("reuse-plain")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 | 1.32 (!) | 0 | 1.32 | 70 |")
			.doesNotContain("alone, called one at a time");
	}

	@Test
	void aMalformedFloorMakesTheScenarioInvalidNamingIt() throws IOException {
		this.run.writeEmulatedRun();
		this.run.writeFloor("reuse-plain", 34, null);
		Files.writeString(this.run.dir().resolve("reuse-plain/floor/backend-alone.json"), "{\"workMs\": 10}");

		assertThat(this.run.report("reuse-plain")).isEqualTo(ComparisonReport.INVALID_INPUT);

		assertThat(this.run.err()).contains("scenario 'reuse-plain': malformed floor in ")
			.contains("reuse-plain/floor");
	}

	@Test
	void theLoadModelOfEachScenarioIsNamed() throws IOException {
		this.run.writeEmulatedRun();
		Path summary = this.run.dir().resolve("no-reuse-tls12").resolve(RunSummary.FILE_NAME);
		RunSummary closed = RunSummary.read(summary);
		new RunSummary(closed.users(), closed.durationSeconds(), closed.warmupSeconds(), closed.calls(), closed.workMs(),
				closed.keepAlive(), closed.url(), closed.requests(), closed.failures(), closed.elapsedSeconds(),
				closed.throughputPerSecond(), closed.slowestMs(), closed.failureWindow(), 50)
			.write(summary);

		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);

		assertThat(this.run.out()).contains("Load model: closed, 4 users (reuse-plain); open, 50 requests/s "
				+ "(no-reuse-tls12). Closed: each user sends its next request once its last is answered")
			.as("perfect reuse under 50 requests/s answered in 160 ms: 8 in flight")
			.contains("| 8 [1] |")
			.contains("Open model (--rate): perfect reuse needs as many connections as requests are in flight");
	}

	@Test
	void bareLoopbackWithoutWorkPredictsNothingToCompareWith() throws IOException {
		Files.writeString(this.run.dir().resolve("reuse/scenario.json"), """
				{"name":"reuse","mode":"reuse","transport":"plain","customerDelayMs":0,"internalDelayMs":0,
				 "calls":2,"workMs":0,"clientKeepAlive":true,"jit":"c1"}
				""");
		assertThat(this.run.report("reuse")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out()).contains("| 0.0 | n/a |")
			.doesNotContain("Infinity")
			.doesNotContain("(!)");
	}

	@Test
	void linkDelayThatDiffersFromScenarioIsFootnoted() throws IOException {
		this.run.writeEmulatedRun();
		Files.writeString(this.run.dir().resolve("reuse-plain/links.json"), RunDirectory.links(20.0, 4, 4, 4));
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("| reuse-plain | reuse | plain | 100 | 70 | 53.0 [2] | 1.32 (!) |")
			.contains("| no-reuse-tls12 | no-reuse | tls12 | 400 | 160 | 152.0 | 1.05 |")
			.contains("[2] scenario 'reuse-plain': link 'customer' ran with d = 20.000 ms, scenario.json says "
					+ "15.000 ms; the prediction uses scenario.json.");
	}

	@Test
	void latencyNotesSayWhichJitEachScenarioRanOn() throws IOException {
		this.run.writeEmulatedRun();
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out()).contains("The services' JIT (--jit): c1 in every scenario.");
		this.run.resetOutput();
		Files.writeString(this.run.dir().resolve("reuse-plain/scenario.json"),
				RunDirectory.settings("reuse-plain", "reuse", "plain", true, "c2"));
		assertThat(this.run.report("reuse-plain", "no-reuse-tls12")).isEqualTo(ComparisonReport.OK);
		assertThat(this.run.out())
			.contains("The services' JIT (--jit): c1 (no-reuse-tls12); c2 (reuse-plain).");
	}

}
