package io.keepalivelab.load;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The server a service ran on in a scenario, chosen per service by a Spring profile of that name. They
 * differ in what a kept-alive connection may carry: Tomcat closes one after its 100th request by default,
 * Reactor Netty sets no request limit.
 */
public enum ServerStack {

	/** Spring WebFlux on Reactor Netty, the default. */
	NETTY("netty"),

	/** Spring MVC on Tomcat. */
	TOMCAT("tomcat");

	private final String id;

	ServerStack(String id) {
		this.id = id;
	}

	/** The profile and the name in {@code scenario.json} and {@code /actuator/connections}. */
	@JsonValue
	public String id() {
		return this.id;
	}

	/**
	 * The stacks of the chain's services (public-api, orchestration-api, backend-api) as {@code ./demo.sh
	 * --stacks} writes them: one name when every service ran on it, else {@code public/orchestration/backend}
	 * with {@code ?} for a service whose stack is unknown; empty when none is known.
	 */
	static Optional<String> label(List<Optional<ServerStack>> chain) {
		if (chain.stream().allMatch(Optional::isEmpty)) {
			return Optional.empty();
		}
		if (chain.stream().distinct().count() == 1) {
			return Optional.of(chain.get(0).get().id());
		}
		return Optional.of(chain.stream()
			.map((stack) -> stack.map(ServerStack::id).orElse("?"))
			.collect(Collectors.joining("/")));
	}

	/** Whether a service of the chain is known to have run on another stack than the default. */
	static boolean anyButDefault(List<Optional<ServerStack>> chain) {
		return chain.stream().flatMap(Optional::stream).anyMatch((stack) -> stack != NETTY);
	}

	/**
	 * Whether a service of some scenario ran, or was asked to run, on another stack than the default: only
	 * then have the report's tables a stack column, so a run on the default stack reads as before there were
	 * two.
	 */
	static boolean anyButDefaultIn(List<ScenarioResult> scenarios) {
		return scenarios.stream()
			.anyMatch((scenario) -> anyButDefault(scenario.stacks()) || scenario.settings()
				.filter((settings) -> settings.stacks().values().stream().anyMatch((stack) -> stack != NETTY))
				.isPresent());
	}

}
