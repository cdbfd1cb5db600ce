package io.keepalivelab.chain;

import java.util.List;

import io.keepalivelab.connection.HopCall;

/**
 * public-api's answer to {@code GET /api/chain}: every outbound call of the chain, with how many of them
 * had to open a connection, so that one {@code curl} shows whether reuse works.
 */
public record ChainResult(int calls, int workMs, double durationMs, int newConnections, int reusedConnections,
		List<HopCall> trace) {

	public static ChainResult of(int calls, int workMs, double durationMs, List<HopCall> trace) {
		int opened = (int) trace.stream().filter(call -> HopCall.NEW.equals(call.connection())).count();
		return new ChainResult(calls, workMs, durationMs, opened, trace.size() - opened, trace);
	}
}
