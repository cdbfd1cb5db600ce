package io.keepalivelab.chain;


/**
 * The chain's request parameters and their bounds, the same on every service that takes them. Ten
 * sequential calls is the largest published case; fifty leaves room without inviting amplification.
 */
public final class ChainParameters {

	/** Sequential backend calls per request; two is the published chain. */
	public static final BoundedInt CALLS = new BoundedInt("calls", 1, 50, 2);

	/** Simulated database time of one backend call, in milliseconds. */
	public static final BoundedInt WORK_MS = new BoundedInt("workMs", 0, 10_000, 10);

	private ChainParameters() {
	}
}
