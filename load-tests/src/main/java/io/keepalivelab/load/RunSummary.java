package io.keepalivelab.load;

import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * The {@code summary.json} of one scenario: the load parameters and the counts of the measured phase.
 * Written by the simulation, read by {@link ComparisonReport}, so both agree on one format.
 *
 * @param requests measured requests, failed ones included
 * @param failures measured requests that failed (not in the latency histogram)
 * @param elapsedSeconds from the start of the first measured request to the end of the last one
 * @param throughputPerSecond {@code requests / elapsedSeconds}
 * @param url what every request GOT
 * @param slowestMs the longest measured request, failed ones included: a request that hung shows here
 * @param failureWindow when failures happened, {@code null} without failures
 * @param ratePerSecond requests a second arriving whatever the answers (the open model); {@code null} for the
 *                      closed model, in which {@code users} each send their next request once their last is answered
 *                      (and in files from before there was an open model)
 */
public record RunSummary(int users, int durationSeconds, int warmupSeconds, int calls, int workMs,
		boolean keepAlive, String url, long requests, long failures, double elapsedSeconds,
		double throughputPerSecond, long slowestMs, Failures failureWindow,
		@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Integer ratePerSecond) {

	/** A closed-model run. */
	public RunSummary(int users, int durationSeconds, int warmupSeconds, int calls, int workMs, boolean keepAlive,
			String url, long requests, long failures, double elapsedSeconds, double throughputPerSecond, long slowestMs,
			Failures failureWindow) {
		this(users, durationSeconds, warmupSeconds, calls, workMs, keepAlive, url, requests, failures, elapsedSeconds,
				throughputPerSecond, slowestMs, failureWindow, null);
	}

	/** {@code closed, 4 users} or {@code open, 50 requests/s}. */
	public String loadModel() {
		return (this.ratePerSecond != null) ? "open, " + this.ratePerSecond + " requests/s"
				: "closed, " + this.users + " users";
	}

	/**
	 * @param firstSeconds the first failure, in seconds from the first measured request
	 * @param lastSeconds the last failure
	 * @param succeededAfter requests that succeeded after the last failure: the recovery
	 */
	public record Failures(double firstSeconds, double lastSeconds, long succeededAfter) {
	}

	public static final String FILE_NAME = "summary.json";

	public static RunSummary read(Path file) {
		return Json.MAPPER.readValue(file, RunSummary.class);
	}

	public void write(Path file) {
		Json.MAPPER.writeValue(file, this);
	}

}
