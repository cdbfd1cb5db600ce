package io.keepalivelab.lab;

import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.keepalivelab.load.ReuseMode;
import io.keepalivelab.load.ScenarioSettings;

/**
 * What {@code scenario.json} holds: the settings the report reads, and two more a reader of the run wants
 * to know (the links' jitter, whether TLS sessions may be resumed).
 */
record ScenarioFile(@JsonUnwrapped ScenarioSettings settings, double jitterMs, boolean tlsResumption) {

	static ScenarioFile of(Scenario scenario, LabOptions options) {
		ReuseMode mode = Stream.of(ReuseMode.values())
			.filter((candidate) -> candidate.id().equals(scenario.mode()))
			.findFirst()
			.orElseThrow();
		ScenarioSettings settings = new ScenarioSettings(scenario.name(), mode, LabRun.transport(scenario.transport()),
				Double.parseDouble(options.customerDelay), Double.parseDouble(options.internalDelay), options.calls,
				options.workMs, options.keepAliveIn(scenario.mode()), options.jit, scenario.stacks().byService());
		return new ScenarioFile(settings, Double.parseDouble(options.jitter), options.tlsResumption.equals("on"));
	}

}
