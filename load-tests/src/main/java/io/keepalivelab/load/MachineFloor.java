package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.Optional;

import org.HdrHistogram.Histogram;

/**
 * What this machine adds to a request besides the network, measured by the lab just before a scenario's
 * measured phase, on the same chain under the same load: Gatling's response times with every link at 0 ms
 * ({@code floor/latency.hlog}), and the backend's work timer alone ({@code floor/backend-alone.json}). The
 * prediction stays the network's arithmetic; the floor is set beside it, so that a reader sees how much of the
 * gap to the prediction is the machine and how much is left unexplained.
 *
 * @param linksAtZero response times of the chain with every link at 0 ms, in whole milliseconds
 * @param backendAlone the backend's {@code /work} called directly, one request at a time, if it was measured
 */
public record MachineFloor(Histogram linksAtZero, Optional<BackendAlone> backendAlone) {

	/** The folder of a scenario's directory that holds the floor's files. */
	public static final String DIRECTORY = "floor";

	/** Loads {@code scenarioDir/floor}, if the lab measured one there. */
	static Optional<MachineFloor> readIfPresent(Path scenarioDir) {
		Path dir = scenarioDir.resolve(DIRECTORY);
		Path latencies = dir.resolve(LatencyLog.FILE_NAME);
		if (!latencies.toFile().isFile()) {
			return Optional.empty();
		}
		Path backend = dir.resolve(BackendAlone.FILE_NAME);
		return Optional.of(new MachineFloor(LatencyLog.read(latencies),
				backend.toFile().isFile() ? Optional.of(BackendAlone.read(backend)) : Optional.empty()));
	}

	/** p50 with every link at 0 ms. */
	public long p50Ms() {
		return this.linksAtZero.getValueAtPercentile(50);
	}

	/**
	 * What the machine adds to one request beyond the backend work the prediction already counts: p50 with every
	 * link at 0 ms less {@code calls x workMs}, never below 0.
	 */
	public double addedMs(Prediction prediction) {
		return Math.max(0, p50Ms() - prediction.workMs());
	}

	/** {@code measuredMs / (network prediction + what the machine adds)}. */
	public double ratio(double measuredMs, Prediction prediction) {
		return measuredMs / (prediction.totalMs() + addedMs(prediction));
	}

	/**
	 * The backend's {@code /work?workMs=N} called directly by the lab's JDK client, one request at a time: how late
	 * its work timer and one HTTP exchange on loopback answer.
	 */
	public record BackendAlone(int workMs, int requests, double p50Ms, double p99Ms) {

		public static final String FILE_NAME = "backend-alone.json";

		public BackendAlone {
			if (workMs < 0 || requests < 1 || !(p50Ms >= 0) || !(p99Ms >= p50Ms)) {
				throw new IllegalArgumentException("backend-alone needs workMs >= 0, requests >= 1, 0 <= p50Ms <= p99Ms");
			}
		}

		static BackendAlone read(Path file) {
			return Json.MAPPER.readValue(file, BackendAlone.class);
		}

	}

}
