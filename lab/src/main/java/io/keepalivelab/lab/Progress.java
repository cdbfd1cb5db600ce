package io.keepalivelab.lab;

import java.time.Duration;
import java.util.List;

/**
 * How far a run is: the time since it started and an estimate of the time left. Each scenario costs its
 * load (warm-up and measured phase) plus an overhead (starting, JIT warm-up, Gatling's own start, stopping)
 * that is guessed until the first scenario has ended, then taken from the scenarios done so far.
 */
final class Progress {

	/** Starting the processes, Gatling's JVM, reading counters and stopping, besides the JIT warm-up. */
	private static final double FIXED_OVERHEAD_SECONDS = 17;

	/** The JIT warm-up's rate on 2 cores: 6000 requests take about 35 s. */
	private static final double SECONDS_PER_WARMUP_REQUEST = 35.0 / 6000;

	private final long started;

	private final List<Integer> loadSeconds;

	private final double guessedOverhead;

	private double overheadDone;

	private int done;

	private long scenarioStarted;

	private int current;

	Progress(List<Integer> loadSeconds, int warmupRequests) {
		this.started = System.nanoTime();
		this.loadSeconds = List.copyOf(loadSeconds);
		this.guessedOverhead = FIXED_OVERHEAD_SECONDS + warmupRequests * SECONDS_PER_WARMUP_REQUEST;
	}

	void scenarioStarted(int index) {
		this.current = index;
		this.scenarioStarted = System.nanoTime();
	}

	void scenarioDone() {
		this.overheadDone += seconds(System.nanoTime() - this.scenarioStarted) - this.loadSeconds.get(this.current);
		this.done++;
	}

	/** E.g. {@code 1m05s elapsed, about 3m20s left}. */
	String status() {
		long now = System.nanoTime();
		double overhead = (this.done > 0) ? Math.max(0, this.overheadDone / this.done) : this.guessedOverhead;
		double left = Math.max(0, overhead + this.loadSeconds.get(this.current) - seconds(now - this.scenarioStarted));
		for (int i = this.current + 1; i < this.loadSeconds.size(); i++) {
			left += overhead + this.loadSeconds.get(i);
		}
		return format(Duration.ofNanos(now - this.started)) + " elapsed, about "
				+ format(Duration.ofSeconds(Math.round(left))) + " left";
	}

	static String format(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds < 60) ? seconds + "s" : "%dm%02ds".formatted(seconds / 60, seconds % 60);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
