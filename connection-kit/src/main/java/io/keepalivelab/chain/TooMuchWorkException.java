package io.keepalivelab.chain;

import java.util.List;

/**
 * A request whose parameters are each within bounds but together ask for more backend work than one request
 * may; answered with a 400 problem naming what was asked, the bound and the parameters to lower.
 */
public class TooMuchWorkException extends RuntimeException {

	private final int calls;

	private final int workMs;

	private final long totalWorkMs;

	private final int maxTotalWorkMs;

	public TooMuchWorkException(int calls, int workMs, long totalWorkMs, int maxTotalWorkMs) {
		super("calls x workMs must be at most " + maxTotalWorkMs + " ms of backend work per request, got " + calls + " x "
				+ workMs + " = " + totalWorkMs + " ms: lower calls or workMs");
		this.calls = calls;
		this.workMs = workMs;
		this.totalWorkMs = totalWorkMs;
		this.maxTotalWorkMs = maxTotalWorkMs;
	}

	public int calls() {
		return calls;
	}

	public int workMs() {
		return workMs;
	}

	public long totalWorkMs() {
		return totalWorkMs;
	}

	public int maxTotalWorkMs() {
		return maxTotalWorkMs;
	}

	/** The parameters whose product is bounded, either of which may be lowered. */
	public List<String> parameters() {
		return List.of(ChainParameters.CALLS.name(), ChainParameters.WORK_MS.name());
	}
}
