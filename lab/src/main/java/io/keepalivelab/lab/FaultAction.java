package io.keepalivelab.lab;

import java.time.Duration;

/**
 * What a fault run does to the chain at a second of the measured phase: freeze a link for a while, kill
 * the backend (SIGKILL), or start it again.
 */
public record FaultAction(int second, Kind kind, String link, Duration duration) {

	public enum Kind {

		FREEZE("freeze"), KILL_BACKEND("kill-backend"), START_BACKEND("start-backend");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

	}

	public static FaultAction freeze(int second, Service linkInFrontOf, Duration duration) {
		return new FaultAction(second, Kind.FREEZE, linkInFrontOf.linkInFront(), duration);
	}

	public static FaultAction killBackend(int second) {
		return new FaultAction(second, Kind.KILL_BACKEND, null, null);
	}

	public static FaultAction startBackend(int second) {
		return new FaultAction(second, Kind.START_BACKEND, null, null);
	}

	/** What the log says, e.g. {@code freeze orchestration-to-backend 2500}. */
	@Override
	public String toString() {
		return (this.kind == Kind.FREEZE) ? this.kind.id + " " + this.link + " " + this.duration.toMillis() : this.kind.id;
	}

}
