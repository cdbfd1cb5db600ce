package io.keepalivelab.probe;

import java.time.Duration;

/**
 * The --max-time budget: every phase asks it whether its next wait still fits.
 */
final class Budget {

	private final long start;

	private final Duration limit;

	Budget(Duration limit) {
		this(System.nanoTime(), limit);
	}

	private Budget(long start, Duration limit) {
		this.start = start;
		this.limit = limit;
	}

	/** The same clock with {@code reserve} kept back for the checks that come later. */
	Budget reserving(Duration reserve) {
		return new Budget(this.start, this.limit.minus(reserve));
	}

	double elapsedSeconds() {
		return (System.nanoTime() - this.start) / 1e9;
	}

	boolean exhausted() {
		return !allows(Duration.ZERO);
	}

	boolean allows(Duration wait) {
		return Duration.ofNanos(System.nanoTime() - this.start).plus(wait).compareTo(this.limit) <= 0;
	}

	/** What is left, never negative. */
	Duration left() {
		Duration left = this.limit.minus(Duration.ofNanos(System.nanoTime() - this.start));
		return left.isNegative() ? Duration.ZERO : left;
	}

}
