package io.keepalivelab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Samples of what opening a connection and reusing one cost during a probe, summarised as medians.
 */
final class Costs {

	private final List<Long> connectNanos = Collections.synchronizedList(new ArrayList<>());

	private final List<Long> handshakeNanos = Collections.synchronizedList(new ArrayList<>());

	private final List<Long> reusedRequestNanos = Collections.synchronizedList(new ArrayList<>());

	void connected(long nanos) {
		this.connectNanos.add(nanos);
	}

	void handshaked(long nanos) {
		this.handshakeNanos.add(nanos);
	}

	void reusedRequest(long nanos) {
		this.reusedRequestNanos.add(nanos);
	}

	ProbeReport.Cost summary() {
		double connect = medianMillis(this.connectNanos);
		Double handshake = this.handshakeNanos.isEmpty() ? null : medianMillis(this.handshakeNanos);
		Double reused = this.reusedRequestNanos.isEmpty() ? null : medianMillis(this.reusedRequestNanos);
		double saved = connect + (handshake != null ? handshake : 0);
		return new ProbeReport.Cost(this.connectNanos.size(), connect, handshake, reused, ProbeReport.round(saved));
	}

	private static double medianMillis(List<Long> nanos) {
		synchronized (nanos) {
			if (nanos.isEmpty()) {
				return 0;
			}
			List<Long> sorted = new ArrayList<>(nanos);
			Collections.sort(sorted);
			return ProbeReport.round(sorted.get(sorted.size() / 2) / 1e6);
		}
	}

}
