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

	/**
	 * The most backend work one request may ask for, {@code calls x workMs}, in milliseconds. Each bound alone
	 * lets one request hold a connection on every hop for 50 x 10 s = 500 s; half a minute is three calls at
	 * the largest {@code workMs}, 1,500 times the published chain (2 x 10 ms) and well under the servers' 60 s
	 * idle timeout, so a handful of requests can no longer tie the chain up for minutes.
	 */
	public static final int MAX_TOTAL_WORK_MS = 30_000;

	private ChainParameters() {
	}

	/**
	 * Checks that {@code calls} backend calls of {@code workMs} each stay within {@link #MAX_TOTAL_WORK_MS},
	 * once each parameter was read within its own bounds; throws {@link TooMuchWorkException} if not.
	 */
	public static void requireTotalWorkWithinBound(int calls, int workMs) {
		long total = (long) calls * workMs;
		if (total > MAX_TOTAL_WORK_MS) {
			throw new TooMuchWorkException(calls, workMs, total, MAX_TOTAL_WORK_MS);
		}
	}
}
