package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * The {@code scenario.json} of one scenario: how the demo set up the services and the emulated
 * network, which is what a {@link Prediction} needs. Fault scenarios and runs the demo did not set up
 * (compose's load service) have none.
 *
 * @param customerDelayMs one-way delay of the customer link (load generator -> public-api)
 * @param internalDelayMs one-way delay of each internal link
 * @param clientKeepAlive whether the load generator kept its connections; {@code false}: one new
 * connection per request on the customer hop
 * @param jit             the services' JIT compiler, {@code c1} or {@code c2}
 * @param stacks          the server stack the demo asked each service of the chain to run on, by service
 * name; empty for a run from before the stacks (absent from its file), when every service ran on Netty
 */
public record ScenarioSettings(String name, ReuseMode mode, Transport transport, double customerDelayMs,
		double internalDelayMs, int calls, int workMs, boolean clientKeepAlive, String jit,
		@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Map<String, ServerStack> stacks) {

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
		stacks = (stacks != null) ? Map.copyOf(stacks) : Map.of();
		if (!stacks.isEmpty() && !stacks.keySet().equals(Set.copyOf(Hop.services()))) {
			throw new IllegalArgumentException("stacks must name the stack of each of " + Hop.services());
		}
	}

	public static ScenarioSettings read(Path file) {
		return Json.MAPPER.readValue(file, ScenarioSettings.class);
	}

	/** The one-way delay of the hop's link. */
	public double delayMs(Hop hop) {
		return (hop == Hop.CLIENT_TO_PUBLIC) ? this.customerDelayMs : this.internalDelayMs;
	}

	/** The stack the demo asked this service to run on, if the file says. */
	public Optional<ServerStack> stackOf(String service) {
		return Optional.ofNullable(this.stacks.get(service));
	}

}
