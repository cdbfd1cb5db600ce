package io.keepalivelab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 */
public record ScenarioResult(String name, RunSummary summary, Histogram latencies,
		Map<String, ConnectionsSnapshot> connections, Optional<Path> gatlingIndex) {

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
			connections.put(hop.receiver(), snapshot);
		}
		return new ScenarioResult(name, summary, latencies, connections, findGatlingIndex(dir.resolve("gatling")));
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
		return Optional.ofNullable(hop.caller())
			.map(this.connections::get)
			.map((caller) -> caller.outbound().get(hop.receiver()))
			.map(ConnectionsSnapshot.Outbound::opened);
	}

	/** Why a scenario directory cannot be reported. */
	public static class InvalidScenarioException extends RuntimeException {

		InvalidScenarioException(String scenario, String problem) {
			super("scenario '" + scenario + "': " + problem);
		}

	}

}
