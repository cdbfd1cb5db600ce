package io.keepalivelab.lab;

/**
 * The Gatling load of a scenario: the run's users and phases, or a fault's own, whose users pause between
 * requests so that their connections sit idle for as long as the fault needs.
 *
 * @param target the service loaded directly (backend-api for a storm on its limits) or through the chain
 * @param path what each request GETs; null for the chain's {@code /api/chain} with the run's calls and work
 * @param ratePerSecond requests a second arriving whatever the answers (the open model), 0 for {@code users}
 *                      each waiting for its last answer (the closed model)
 */
public record Load(int users, int durationSeconds, int warmupSeconds, Service target, String path, int pauseMs,
		int pauseJitterMs, int ratePerSecond) {

	/** Four users for 12 s after 2 s of warm-up, through the chain, without pauses. */
	public static final Load DEFAULT = new Load(4, 12, 2, Service.PUBLIC_API, null, 0, 0);

	/** A closed-model load. */
	public Load(int users, int durationSeconds, int warmupSeconds, Service target, String path, int pauseMs,
			int pauseJitterMs) {
		this(users, durationSeconds, warmupSeconds, target, path, pauseMs, pauseJitterMs, 0);
	}

	/** The same load in the open model at {@code ratePerSecond}, or as it is for null. */
	public Load rate(Integer ratePerSecond) {
		return (ratePerSecond == null) ? this : new Load(this.users, this.durationSeconds, this.warmupSeconds,
				this.target, this.path, this.pauseMs, this.pauseJitterMs, ratePerSecond);
	}

	public Load pauses(int pauseMs, int pauseJitterMs) {
		return new Load(this.users, this.durationSeconds, this.warmupSeconds, this.target, this.path, pauseMs,
				pauseJitterMs, this.ratePerSecond);
	}

	public Load users(int users) {
		return new Load(users, this.durationSeconds, this.warmupSeconds, this.target, this.path, this.pauseMs,
				this.pauseJitterMs, this.ratePerSecond);
	}

	public Load durationSeconds(int durationSeconds) {
		return new Load(this.users, durationSeconds, this.warmupSeconds, this.target, this.path, this.pauseMs,
				this.pauseJitterMs, this.ratePerSecond);
	}

	public Load get(Service target, String path) {
		return new Load(this.users, this.durationSeconds, this.warmupSeconds, target, path, this.pauseMs,
				this.pauseJitterMs, this.ratePerSecond);
	}

}
