package io.keepalivelab.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a pooled connection may sit idle: the pool must close it before the downstream server does and
 * before a middlebox on the path forgets it, and must do so in the background, not only when the pool is
 * next used. A connection that outlives either limit is dead when the next request is written on it.
 */
final class IdleRules {

	private static final String POOL = "keepalive-lab.client.pool.";

	private IdleRules() {
	}

	/** One sentence per broken rule, naming the downstream, the values and the fix; empty when all hold. */
	static List<String> broken(String downstream, ClientProperties.Pool pool, DownstreamProperties.Downstream target) {
		String facts = "keepalive-lab.downstreams." + downstream + ".";
		Duration maxIdle = pool.maxIdleTime();
		List<String> broken = new ArrayList<>();
		if (target.idleTimeout() != null && maxIdle.compareTo(target.idleTimeout()) >= 0) {
			broken.add(downstream + ": " + POOL + "max-idle-time " + format(maxIdle)
					+ " is not below the downstream's idle timeout (" + facts + "idle-timeout " + format(target.idleTimeout())
					+ "): the server may close a pooled connection just as a request is written on it. Set max-idle-time "
					+ "below " + format(target.idleTimeout()) + ".");
		}
		if (target.idleDrop() != null && maxIdle.compareTo(target.idleDrop()) >= 0) {
			broken.add(downstream + ": " + POOL + "max-idle-time " + format(maxIdle)
					+ " is not below the idle drop on the path (" + facts + "idle-drop " + format(target.idleDrop())
					+ "): a middlebox forgets idle connections without a word, and a request on one waits for the "
					+ "response timeout. Set max-idle-time below " + format(target.idleDrop()) + ".");
		}
		if (!pool.evictsInBackground()) {
			broken.add(downstream + ": background eviction is off (" + POOL + "eviction-interval 0): connections idle "
					+ "for longer than max-idle-time " + format(maxIdle) + " stay open until the pool is next used, so "
					+ "after a pause the server or a middlebox closes them first. Set eviction-interval above 0, "
					+ "e.g. 5s.");
		}
		return broken;
	}

	/** Durations as they are written in the configuration: 60s, 1500ms. */
	static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}
}
