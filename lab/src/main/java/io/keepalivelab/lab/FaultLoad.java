package io.keepalivelab.lab;

/**
 * The Gatling load of a fault run: users that pause between requests so that their connections sit idle
 * for as long as the fault needs.
 *
 * @param target the service loaded directly (backend-api for a storm on its limits) or through the chain
 * @param path what each request GETs; null for the chain's {@code /api/chain} with the run's calls and work
 */
public record FaultLoad(int users, int durationSeconds, int warmupSeconds, Service target, String path, int pauseMs,
		int pauseJitterMs) {

	/** Four users for 12 s after 2 s of warm-up, through the chain, without pauses. */
	public static final FaultLoad DEFAULT = new FaultLoad(4, 12, 2, Service.PUBLIC_API, null, 0, 0);

	public FaultLoad pauses(int pauseMs, int pauseJitterMs) {
		return new FaultLoad(this.users, this.durationSeconds, this.warmupSeconds, this.target, this.path, pauseMs,
				pauseJitterMs);
	}

	public FaultLoad users(int users) {
		return new FaultLoad(users, this.durationSeconds, this.warmupSeconds, this.target, this.path, this.pauseMs,
				this.pauseJitterMs);
	}

	public FaultLoad durationSeconds(int durationSeconds) {
		return new FaultLoad(this.users, durationSeconds, this.warmupSeconds, this.target, this.path, this.pauseMs,
				this.pauseJitterMs);
	}

	public FaultLoad get(Service target, String path) {
		return new FaultLoad(this.users, this.durationSeconds, this.warmupSeconds, target, path, this.pauseMs,
				this.pauseJitterMs);
	}

}
