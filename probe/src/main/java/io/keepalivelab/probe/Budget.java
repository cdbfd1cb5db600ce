package io.keepalivelab.probe;

import java.time.Duration;

/**
 * The --max-time budget: every phase asks it whether its next wait still fits.
 */
final class Budget {

	private final long start = System.nanoTime();

	private final Duration limit;

	Budget(Duration limit) {
		this.limit = limit;
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

}
