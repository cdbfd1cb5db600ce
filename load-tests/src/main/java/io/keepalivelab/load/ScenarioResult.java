package io.keepalivelab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import tools.jackson.core.JacksonException;

/**
 * Everything one scenario directory holds, loaded and checked, so that the report never renders half
 * a scenario.
 *
 * @param connections the {@code /actuator/connections} snapshot of each service, by service name
 * @param gatlingIndex the Gatling HTML report, if the scenario has one
 * @param settings the {@code scenario.json}, absent from fault scenarios and from runs the demo did not set
 * up (compose's load service)
 * @param links the link emulator's counters ({@code links.json}), absent without an emulated network
 * @param metrics the {@code metrics/<service>.prom} of each calling service that has one, by service name
 * @param timeline successes and failures per second ({@code timeline.json}), absent from runs before it was written
 * @param floor what the machine adds, measured with every link at 0 ms ({@code floor/}), absent when not measured
 * @param latenciesByNewConnections the response times by the connections the request's internal hops opened
 *                                  ({@code latency-by-new-connections.hlog}); empty where the answers did not say
 */
public record ScenarioResult(String name, RunSummary summary, Histogram latencies,
		Map<String, ConnectionsSnapshot> connections, Optional<Path> gatlingIndex, Optional<ScenarioSettings> settings,
		Optional<NetworkLinks> links, Map<String, PrometheusMetrics> metrics, Optional<FaultSettings> fault,
		Optional<Timeline> timeline, Optional<MachineFloor> floor, SortedMap<Integer, Histogram> latenciesByNewConnections) {

	/**
	 * Loads {@code runDir/name}.
	 * @throws InvalidScenarioException if a required file is missing or malformed
	 */
	public static ScenarioResult load(Path runDir, String name) {
		Path dir = runDir.resolve(name);
		if (!Files.isDirectory(dir)) {
			throw new InvalidScenarioException(name, "missing directory " + dir);
		}
		RunSummary summary = read(name, dir.resolve(RunSummary.FILE_NAME), RunSummary::read);
		Histogram latencies = read(name, dir.resolve(LatencyLog.FILE_NAME), LatencyLog::read);
		Map<String, ConnectionsSnapshot> connections = new LinkedHashMap<>();
		for (Hop hop : Hop.values()) {
			Path file = dir.resolve("connections").resolve(hop.receiver() + ".json");
			ConnectionsSnapshot snapshot = read(name, file, ConnectionsSnapshot::read);
			if (!hop.receiver().equals(snapshot.service())) {
				throw new InvalidScenarioException(name, file + " describes service '" + snapshot.service() + "'");
			}
			Optional<ConnectionsSnapshot> before = readIfPresent(name,
					dir.resolve("connections").resolve("before").resolve(hop.receiver() + ".json"),
					ConnectionsSnapshot::read);
			connections.put(hop.receiver(), before.map(snapshot::since).orElse(snapshot));
		}
		Optional<ScenarioSettings> settings = readIfPresent(name, dir.resolve(ScenarioSettings.FILE_NAME),
				ScenarioSettings::read);
		Optional<NetworkLinks> linksBefore = readIfPresent(name, dir.resolve(NetworkLinks.BEFORE_FILE_NAME),
				NetworkLinks::read);
		Optional<NetworkLinks> links = readIfPresent(name, dir.resolve(NetworkLinks.FILE_NAME), NetworkLinks::read)
			.map((after) -> linksBefore.map(after::since).orElse(after));
		Map<String, PrometheusMetrics> metrics = new LinkedHashMap<>();
		for (Hop hop : Hop.values()) {
			if (hop.caller() != null) {
				Path file = dir.resolve(PrometheusMetrics.DIRECTORY).resolve(hop.caller() + PrometheusMetrics.FILE_SUFFIX);
				readIfPresent(name, file, PrometheusMetrics::read).ifPresent((prom) -> {
					requireClientTimers(name, prom, settings);
					metrics.put(hop.caller(), prom);
				});
			}
		}
		Optional<FaultSettings> fault = readIfPresent(name, dir.resolve(FaultSettings.FILE_NAME), FaultSettings::read);
		Optional<Timeline> timeline = readIfPresent(name, dir.resolve(Timeline.FILE_NAME), Timeline::read);
		return new ScenarioResult(name, summary, latencies, connections, findGatlingIndex(dir.resolve("gatling")),
				settings, links, metrics, fault, timeline, readFloor(name, dir),
				readIfPresent(name, dir.resolve(LatencyLog.BY_NEW_CONNECTIONS_FILE_NAME), LatencyLog::readByNewConnections)
					.orElseGet(TreeMap::new));
	}

	/**
	 * A calling service's metrics file must have the client timers the report reads: a missing one (renamed,
	 * or no longer enabled) makes the scenario invalid, naming it, instead of reading as 0.
	 */
	private static void requireClientTimers(String scenario, PrometheusMetrics metrics,
			Optional<ScenarioSettings> settings) {
		try {
			metrics.successfulTimer(PrometheusMetrics.CONNECT_TIME);
			if (settings.map((it) -> it.transport().tls()).orElse(false)) {
				metrics.successfulTimer(PrometheusMetrics.TLS_HANDSHAKE_TIME);
			}
		}
		catch (PrometheusMetrics.MissingMetricException ex) {
			throw new InvalidScenarioException(scenario, ex.getMessage());
		}
	}

	private static Optional<MachineFloor> readFloor(String scenario, Path dir) {
		try {
			return MachineFloor.readIfPresent(dir);
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof JacksonException json) ? json.getOriginalMessage() : ex.getMessage();
			throw new InvalidScenarioException(scenario, "malformed floor in " + dir.resolve(MachineFloor.DIRECTORY)
					+ ": " + reason);
		}
	}

	private static <T> Optional<T> readIfPresent(String scenario, Path file, Function<Path, T> reader) {
		return Files.exists(file) ? Optional.of(read(scenario, file, reader)) : Optional.empty();
	}

	private static <T> T read(String scenario, Path file, Function<Path, T> reader) {
		if (!Files.isRegularFile(file)) {
			throw new InvalidScenarioException(scenario, "missing file " + file);
		}
		try {
			return reader.apply(file);
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof JacksonException json) ? json.getOriginalMessage() : ex.getMessage();
			throw new InvalidScenarioException(scenario, "malformed file " + file + ": " + reason);
		}
	}

	/** Gatling writes one {@code <simulation>-<timestamp>} folder per run; the latest one wins. */
	private static Optional<Path> findGatlingIndex(Path gatlingDir) {
		if (!Files.isDirectory(gatlingDir)) {
			return Optional.empty();
		}
		try (Stream<Path> runs = Files.list(gatlingDir)) {
			return runs.map((run) -> run.resolve("index.html"))
				.filter(Files::isRegularFile)
				.max(Comparator.comparing((index) -> index.getParent().getFileName().toString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public ConnectionsSnapshot receiverOf(Hop hop) {
		return this.connections.get(hop.receiver());
	}

	/** Connections the calling service says it opened on this hop, if it is a service and reported it. */
	public Optional<Long> callerOpened(Hop hop) {
		return callerOutbound(hop).map(ConnectionsSnapshot.Outbound::opened);
	}

	/** New TLS connections on this hop whose handshake resumed an earlier session, as the caller counted. */
	public Optional<Long> callerResumed(Hop hop) {
		return callerOutbound(hop).map(ConnectionsSnapshot.Outbound::tlsResumed);
	}

	/** Whether most new connections on this hop resumed a TLS session: the prediction counts them so. */
	boolean mostlyResumed(Hop hop) {
		return callerOutbound(hop).filter((outbound) -> 2 * outbound.tlsResumed() > outbound.opened()).isPresent();
	}

	private Optional<ConnectionsSnapshot.Outbound> callerOutbound(Hop hop) {
		return Optional.ofNullable(hop.caller())
			.map(this.connections::get)
			.map((caller) -> caller.outbound().get(hop.receiver()));
	}

	/** Connections the link emulator accepted on this hop, if the scenario ran on an emulated network. */
	public Optional<Long> onTheWire(Hop hop) {
		return this.links.flatMap((links) -> links.of(hop)).map(NetworkLinks.Link::connectionsOpened);
	}

	/**
	 * Connections opened on this hop: on the wire where the link emulator counted them, else the receiving
	 * server's connections that carried requests.
	 */
	public long connectionsOpened(Hop hop) {
		return onTheWire(hop).orElseGet(() -> receiverOf(hop).inbound().carriedRequests());
	}

	/** Connections opened on all hops per request the chain received, warm-up of the load included like the counters. */
	public double connectionsPerRequest() {
		long requests = receiverOf(Hop.CLIENT_TO_PUBLIC).inbound().requests();
		long opened = Arrays.stream(Hop.values()).mapToLong(this::connectionsOpened).sum();
		return (requests > 0) ? (double) opened / requests : 0;
	}

	/** Connections the services' servers closed or refused by their connection limits, summed. */
	public ConnectionsSnapshot.Policy serverLimits() {
		return this.connections.values()
			.stream()
			.map((snapshot) -> snapshot.inbound().policy())
			.reduce(ConnectionsSnapshot.Policy.NONE, ConnectionsSnapshot.Policy::plus);
	}

	/**
	 * The server this service ran on, as it said in {@code /actuator/connections}; as {@code scenario.json}
	 * says where it did not (a run from before it said).
	 */
	public Optional<ServerStack> stackOf(String service) {
		return Optional.ofNullable(this.connections.get(service))
			.map(ConnectionsSnapshot::stack)
			.or(() -> this.settings.flatMap((settings) -> settings.stackOf(service)));
	}

	/** The stack of each service of the chain, in the order a request reaches them. */
	public List<Optional<ServerStack>> stacks() {
		return Hop.services().stream().map(this::stackOf).toList();
	}

	/** Services that ran on another stack than the one {@code scenario.json} asked for. */
	public List<String> stackMismatches() {
		List<String> mismatches = new ArrayList<>();
		for (String service : Hop.services()) {
			Optional<ServerStack> asked = this.settings.flatMap((settings) -> settings.stackOf(service));
			Optional<ServerStack> ran = Optional.ofNullable(this.connections.get(service)).map(ConnectionsSnapshot::stack);
			if (asked.isPresent() && ran.isPresent() && asked.get() != ran.get()) {
				mismatches.add("scenario '%s': %s ran on %s, scenario.json says %s".formatted(this.name, service,
						ran.get().id(), asked.get().id()));
			}
		}
		return mismatches;
	}

	/** Calls the services retried on another connection after a pooled one turned out dead. */
	public long retries() {
		return this.connections.values()
			.stream()
			.flatMap((snapshot) -> snapshot.outbound().values().stream())
			.mapToLong(ConnectionsSnapshot.Outbound::retries)
			.sum();
	}

	/** What the network should make one request cost, if the scenario says how it was set up. */
	public Optional<Prediction> prediction() {
		return this.settings.map((settings) -> Prediction.of(settings, this::mostlyResumed));
	}

	/** The client metrics of the service calling on this hop; none for the load generator. */
	public Optional<PrometheusMetrics> callerMetrics(Hop hop) {
		return Optional.ofNullable(hop.caller()).map(this.metrics::get);
	}

	/** Why a scenario directory cannot be reported. */
	public static class InvalidScenarioException extends RuntimeException {

		InvalidScenarioException(String scenario, String problem) {
			super("scenario '" + scenario + "': " + problem);
		}

	}

}
