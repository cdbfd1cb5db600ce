package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code scenario.json} of one scenario: how the demo set up the services and the emulated
 * network, which is what a {@link Prediction} needs. Runs from before the network emulation have none.
 *
 * @param customerDelayMs one-way delay of the customer link (load generator -> public-api)
 * @param internalDelayMs one-way delay of each internal link
 * @param clientKeepAlive whether the load generator kept its connections; {@code false}: one new
 * connection per request on the customer hop
 * @param jit             the services' JIT compiler, {@code c1} or {@code c2}
 */
public record ScenarioSettings(String name, ReuseMode mode, Transport transport, double customerDelayMs,
		double internalDelayMs, int calls, int workMs, boolean clientKeepAlive, String jit) {

	public static final String FILE_NAME = "scenario.json";

	public ScenarioSettings {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(transport, "transport");
		Objects.requireNonNull(jit, "jit");
		if (!(customerDelayMs >= 0) || !(internalDelayMs >= 0) || Double.isInfinite(customerDelayMs)
				|| Double.isInfinite(internalDelayMs)) {
			throw new IllegalArgumentException("delays must be finite and not negative");
		}
		if (calls < 1 || workMs < 0) {
			throw new IllegalArgumentException("calls must be at least 1 and workMs not negative");
		}
	}

	public static ScenarioSettings read(Path file) {
		return Json.MAPPER.readValue(file, ScenarioSettings.class);
	}

	/** The one-way delay of the hop's link. */
	public double delayMs(Hop hop) {
		return (hop == Hop.CLIENT_TO_PUBLIC) ? this.customerDelayMs : this.internalDelayMs;
	}

}
