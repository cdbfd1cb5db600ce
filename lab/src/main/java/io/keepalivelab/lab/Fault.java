package io.keepalivelab.lab;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.keepalivelab.load.FaultSettings;
import io.keepalivelab.load.FaultSettings.Expect;

/**
 * The failures connection pools meet in production, each provoked on the orchestration-api ->
 * backend-api hop: what it does to which link or service, how the load runs, what happens while it runs,
 * and what a good outcome is. {@code ./demo.sh --faults} runs them; the fault tests take their settings
 * from here. Adding a fault is one entry here and its expectation.
 */
public enum Fault {

	/**
	 * The backend closes connections idle for 1 s; the client keeps them 20 s. A request sent while the
	 * server's FIN is on its way dies ("Connection prematurely closed BEFORE response"). A 25 ms link widens
	 * that window to 50 ms, as a cross-zone hop would; paced users land idle times around 1 s.
	 */
	IDLE_TIMEOUT(new Definition("idle-timeout", "backend idle timeout 1 s, shorter than the client's max-idle-time")
		.clientConfigurations()
		.timeout(Duration.ofMillis(3000))
		.backendIdleTimeout(Duration.ofSeconds(1))
		.orchestration("keepalive-lab.downstreams.backend-api.idle-timeout", "1s")
		.orchestration("keepalive-lab.downstreams.backend-api.response-timeout", "2s")
		.backendLinkDelay(new BigDecimal("25"))
		.load(Load.DEFAULT.pauses(920, 120))),

	/**
	 * A NAT on the orchestration -> backend hop forgets connections idle for 1 s: no FIN, no RST, the next
	 * request on one vanishes and ends in the 2 s response timeout.
	 */
	IDLE_DROP(new Definition("idle-drop", "NAT idle-drop after 1 s on orchestration -> backend, silent")
		.clientConfigurations()
		.timeout(Duration.ofMillis(3000))
		.backendLinkIdleDrop(Duration.ofSeconds(1))
		.orchestration("keepalive-lab.downstreams.backend-api.idle-drop", "1s")
		.orchestration("keepalive-lab.downstreams.backend-api.response-timeout", "2s")
		.load(Load.DEFAULT.pauses(900, 300))),

	/**
	 * The orchestration hop freezes for 2.5 s, twice, as a frozen function would: requests wait in the link
	 * while the backend, seeing nothing, closes the connections idle for 1 s. On thaw each request reaches a
	 * closed socket: the zombie connection.
	 */
	FREEZE(new Definition("freeze", "orchestration -> backend frozen 2.5 s, past the backend's 1 s idle timeout")
		.clientConfigurations()
		.timeout(Duration.ofMillis(6000))
		.backendIdleTimeout(Duration.ofSeconds(1))
		.orchestration("keepalive-lab.downstreams.backend-api.idle-timeout", "1s")
		.orchestration("keepalive-lab.downstreams.backend-api.response-timeout", "5s")
		.actions(FaultAction.freeze(3, Service.BACKEND_API, Duration.ofMillis(2500)),
				FaultAction.freeze(8, Service.BACKEND_API, Duration.ofMillis(2500)))),

	/**
	 * 32 clients, each holding a kept-alive connection to the backend and idle between requests, against a
	 * soft limit of 8 and a hard limit of 16: the server evicts idle connections, then refuses. Netty only:
	 * Tomcat has no such limits (at server.tomcat.max-connections it stops accepting, and the kernel queues up
	 * to accept-count more).
	 */
	STORM(new Definition("storm", "32 clients holding idle connections, backend soft limit 8, hard limit 16")
		.timeout(Duration.ofMillis(2000))
		.backend("keepalive-lab.server.connections.soft-limit", "8")
		.backend("keepalive-lab.server.connections.hard-limit", "16")
		.load(Load.DEFAULT.get(Service.BACKEND_API, "/work?workMs=10").users(32).pauses(500, 250))
		.onlyWithBackendOn(Stacks.NETTY, "the soft and hard limits it provokes are the netty stack's; Tomcat "
				+ "stops accepting at server.tomcat.max-connections instead")),

	/**
	 * The backend is killed (kill -9) under load and started again: calls fail fast while it is down, none
	 * waits past its timeout, and the chain recovers once it is back.
	 */
	BACKEND_RESTART(new Definition("backend-restart", "backend killed with kill -9 at 3 s, started again at 6 s")
		.timeout(Duration.ofMillis(3000))
		.orchestration("keepalive-lab.downstreams.backend-api.response-timeout", "2s")
		.load(Load.DEFAULT.pauses(100, 0).durationSeconds(25))
		.actions(FaultAction.killBackend(3), FaultAction.startBackend(6))),

	/**
	 * Every backend call takes 1.5 s and the pool has 4 connections and room for 4 waiting calls: the rest is
	 * answered 503 at once instead of queueing.
	 */
	SLOW_BACKEND(new Definition("slow-backend",
			"backend calls of 1.5 s, pool of 4 connections and 4 waiting calls, 16 users")
		.timeout(Duration.ofMillis(4500))
		.orchestration("keepalive-lab.client.pool.max-connections", "4")
		.orchestration("keepalive-lab.client.pool.pending-acquire-max-count", "4")
		.orchestration("keepalive-lab.client.pool.pending-acquire-timeout", "2s")
		.load(Load.DEFAULT.get(Service.PUBLIC_API, "/api/chain?calls=1&workMs=1500").users(16).pauses(100, 0)));

	private final Definition definition;

	Fault(Definition definition) {
		this.definition = definition;
	}

	/** The name on the command line, in scenario names and in {@code fault.json}. */
	public String id() {
		return this.definition.id;
	}

	public String description() {
		return this.definition.description;
	}

	/** The longest a request may take: one slower than that hung. */
	public Duration timeout() {
		return this.definition.timeout;
	}

	/**
	 * The client configurations it runs with: the misconfigured one and the hardened one where the client's
	 * settings make the difference, else the hardened (default) one alone.
	 */
	public List<ClientConfiguration> configurations() {
		return this.definition.clientConfigurations ? List.of(ClientConfiguration.MISCONFIGURED, ClientConfiguration.HARDENED)
				: List.of(ClientConfiguration.HARDENED);
	}

	/** What the outcome must show with {@code configuration}. */
	public Expect expect(ClientConfiguration configuration) {
		return this.definition.clientConfigurations ? configuration.expect() : Expect.BOUNDED;
	}

	/**
	 * The properties {@code service} is started with, for a backend on {@code backendStack} (a server
	 * setting is given in its stack's property), in order.
	 */
	public Map<String, String> properties(Service service, String backendStack, ClientConfiguration configuration) {
		Map<String, String> properties = new LinkedHashMap<>();
		switch (service) {
			case BACKEND_API -> {
				if (this.definition.backendIdleTimeout != null) {
					properties.put(idleTimeoutProperty(backendStack), seconds(this.definition.backendIdleTimeout));
				}
				properties.putAll(this.definition.backend);
			}
			case ORCHESTRATION_API -> {
				properties.putAll(this.definition.orchestration);
				if (this.definition.clientConfigurations) {
					properties.putAll(configuration.properties());
				}
			}
			case PUBLIC_API -> {
			}
		}
		return Collections.unmodifiableMap(properties);
	}

	/** {@link #properties} as command-line arguments. */
	public List<String> args(Service service, String backendStack, ClientConfiguration configuration) {
		return args(properties(service, backendStack, configuration));
	}

	/** Properties as Spring Boot command-line arguments. */
	public static List<String> args(Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		return List.copyOf(args);
	}

	/** The property of the server's idle timeout on {@code stack}. */
	public static String idleTimeoutProperty(String stack) {
		return Stacks.TOMCAT.equals(stack) ? "server.tomcat.keep-alive-timeout" : "server.netty.idle-timeout";
	}

	/** The run's links with what this fault changes: the backend link's delay, its idle drop. */
	public Links links(Links links) {
		Links faulty = links;
		if (this.definition.backendLinkDelay != null) {
			faulty = faulty.withDelay(Service.BACKEND_API, this.definition.backendLinkDelay);
		}
		if (this.definition.backendLinkIdleDrop != null) {
			faulty = faulty.withIdleDrop(Service.BACKEND_API, this.definition.backendLinkIdleDrop);
		}
		return faulty;
	}

	/** The backend link's delay in this fault, if it sets one. */
	public Optional<BigDecimal> backendLinkDelay() {
		return Optional.ofNullable(this.definition.backendLinkDelay);
	}

	/** The backend link's idle drop in this fault, if it has one. */
	public Optional<Duration> backendLinkIdleDrop() {
		return Optional.ofNullable(this.definition.backendLinkIdleDrop);
	}

	public Load load() {
		return this.definition.load;
	}

	/** What happens at seconds of the measured phase, in order. */
	public List<FaultAction> actions() {
		return this.definition.actions;
	}

	/** Why it does not run with a backend on {@code stack}; empty where it does. */
	public Optional<String> skippedOn(String backendStack) {
		return (this.definition.onlyBackendStack == null || this.definition.onlyBackendStack.equals(backendStack))
				? Optional.empty() : Optional.of(this.definition.skipReason);
	}

	/** The {@code fault.json} of a run with {@code configuration}. */
	public FaultSettings settings(ClientConfiguration configuration) {
		return new FaultSettings(id(), configuration.id(), description(), expect(configuration), timeout().toMillis(),
				windows());
	}

	/**
	 * When the fault acts, in seconds of the measured phase, for the report's timeline: each freeze for its
	 * duration, the backend from its kill to its start; none for a fault that lasts the whole run.
	 */
	List<FaultSettings.Window> windows() {
		List<FaultSettings.Window> windows = new ArrayList<>();
		Integer killedAt = null;
		for (FaultAction action : actions()) {
			switch (action.kind()) {
				case FREEZE -> windows.add(new FaultSettings.Window(action.second(),
						action.second() + action.duration().toMillis() / 1000.0));
				case KILL_BACKEND -> killedAt = action.second();
				case START_BACKEND -> {
					windows.add(new FaultSettings.Window(killedAt, action.second()));
					killedAt = null;
				}
			}
		}
		return windows;
	}

	public static List<String> ids() {
		return Stream.of(values()).map(Fault::id).toList();
	}

	public static Optional<Fault> of(String id) {
		return Stream.of(values()).filter((fault) -> fault.id().equals(id)).findFirst();
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/** How an entry above is written. */
	private static final class Definition {

		private final String id;

		private final String description;

		private boolean clientConfigurations;

		private Duration timeout;

		private Duration backendIdleTimeout;

		private final Map<String, String> backend = new LinkedHashMap<>();

		private final Map<String, String> orchestration = new LinkedHashMap<>();

		private BigDecimal backendLinkDelay;

		private Duration backendLinkIdleDrop;

		private Load load = Load.DEFAULT;

		private List<FaultAction> actions = List.of();

		private String onlyBackendStack;

		private String skipReason;

		Definition(String id, String description) {
			this.id = id;
			this.description = description;
		}

		/** Run with the misconfigured client (which must fail) and the hardened one (which must not). */
		Definition clientConfigurations() {
			this.clientConfigurations = true;
			return this;
		}

		Definition timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/** The backend server's idle timeout, in the property of the stack it runs on. */
		Definition backendIdleTimeout(Duration idleTimeout) {
			this.backendIdleTimeout = idleTimeout;
			return this;
		}

		Definition backend(String property, String value) {
			this.backend.put(property, value);
			return this;
		}

		Definition orchestration(String property, String value) {
			this.orchestration.put(property, value);
			return this;
		}

		Definition backendLinkDelay(BigDecimal ms) {
			this.backendLinkDelay = ms;
			return this;
		}

		Definition backendLinkIdleDrop(Duration after) {
			this.backendLinkIdleDrop = after;
			return this;
		}

		Definition load(Load load) {
			this.load = load;
			return this;
		}

		Definition actions(FaultAction... actions) {
			this.actions = List.of(actions);
			return this;
		}

		Definition onlyWithBackendOn(String stack, String reason) {
			this.onlyBackendStack = stack;
			this.skipReason = reason;
			return this;
		}

	}

}
