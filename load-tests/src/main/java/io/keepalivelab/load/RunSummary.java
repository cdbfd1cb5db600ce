package io.keepalivelab.load;

import java.nio.file.Path;

/**
 * The {@code summary.json} of one scenario: the load parameters and the counts of the measured phase.
 * Written by the simulation, read by {@link ComparisonReport}, so both agree on one format.
 *
 * @param requests measured requests, failed ones included
 * @param failures measured requests that failed (not in the latency histogram)
 * @param elapsedSeconds from the start of the first measured request to the end of the last one
 * @param throughputPerSecond {@code requests / elapsedSeconds}
 */
public record RunSummary(int users, int durationSeconds, int warmupSeconds, int calls, int workMs,
		boolean keepAlive, String baseUrl, long requests, long failures, double elapsedSeconds,
		double throughputPerSecond) {

	public static final String FILE_NAME = "summary.json";

	public static RunSummary read(Path file) {
		return Json.MAPPER.readValue(file, RunSummary.class);
	}

	public void write(Path file) {
		Json.MAPPER.writeValue(file, this);
	}

}
