package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeadlinesTests {

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	@Test
	void eachTransportComparesItsModesWithItsReuseScenarioWhereverItIsListed() throws IOException {
		this.run.writeModeScenario("no-reuse.plain", "no-reuse", "plain", 100);
		this.run.writeModeScenario("reuse.plain", "reuse", "plain", 62);
		this.run.writeModeScenario("reuse.tls12", "reuse", "tls12", 62);
		this.run.writeModeScenario("no-reuse.tls12", "no-reuse", "tls12", 160);
		this.run.writeModeScenario("client-per-request.tls12", "client-per-request", "tls12", 150);
		List<ScenarioResult> scenarios = load("no-reuse.plain", "reuse.plain", "reuse.tls12", "no-reuse.tls12",
				"client-per-request.tls12");

		assertThat(Headlines.Group.of(scenarios)).extracting(Headlines.Group::label).containsExactly("plain", "tls12");
		assertThat(texts(scenarios)).containsExactly(
				"plain: reuse saves 38 ms per request over no-reuse (1.61x) and 2,356 of its 2,368 connections "
						+ "(reuse.plain p50 62 ms vs no-reuse.plain 100 ms; 0.020 vs 4.000 connections per request)",
				"tls12: reuse saves 98 ms per request over no-reuse (2.58x) and 2,356 of its 2,368 connections "
						+ "(reuse.tls12 p50 62 ms vs no-reuse.tls12 160 ms; 0.020 vs 4.000 connections per request)",
				"tls12: reuse saves 88 ms per request over client-per-request (2.42x) and 2,356 of its 2,368 connections "
						+ "(reuse.tls12 p50 62 ms vs client-per-request.tls12 150 ms; 0.020 vs 4.000 connections per request)");
	}

	@Test
	void aFasterScenarioThanReuseIsSaidToBeFaster() throws IOException {
		this.run.writeModeScenario("reuse.plain", "reuse", "plain", 70);
		this.run.writeModeScenario("no-reuse.plain", "no-reuse", "plain", 60);
		assertThat(texts(load("reuse.plain", "no-reuse.plain"))).singleElement()
			.asString()
			.startsWith("reuse costs 10 ms more per request than no-reuse (0.86x) but saves 2,356 of its 2,368 connections");
	}

	@Test
	void aFaultSaysWhatEachConfigurationLost() throws IOException {
		this.run.writeFaultScenario("idle-drop.misconfigured", "idle-drop", "misconfigured", "failures", List.of(3, 7), "");
		this.run.writeFaultScenario("idle-drop.hardened", "idle-drop", "hardened", "no-failures", List.of(), "");
		assertThat(texts(load("idle-drop.misconfigured", "idle-drop.hardened"))).containsExactly(
				"idle-drop: misconfigured lost 20 of 360 requests (failure reproduced); hardened lost none of 360 "
						+ "requests (survived: nothing lost)");
	}

	@Test
	void aScenarioAloneIsSummedUpByItself() throws IOException {
		this.run.writeModeScenario("reuse.plain", "reuse", "plain", 62);
		assertThat(texts(load("reuse.plain"))).containsExactly(
				"reuse.plain p50 62 ms (predicted 53.0 ms), 59.2 req/s, 0.020 connections per request");
	}

	private List<ScenarioResult> load(String... names) {
		return Stream.of(names).map((name) -> ScenarioResult.load(this.run.dir(), name)).toList();
	}

	private static List<String> texts(List<ScenarioResult> scenarios) {
		return Headlines.of(scenarios, ScenarioColours.of(scenarios)).stream().map(Headlines.Headline::text).toList();
	}

}
