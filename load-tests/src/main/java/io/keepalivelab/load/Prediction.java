package io.keepalivelab.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one request of a scenario should take on the emulated network, counted in round trips: on each
 * hop one round trip (2d) for the request, plus the round trips that set up a new connection of the
 * {@link Transport} when the call opens one. The orchestration -> backend hop is called {@code calls}
 * times, one call after the other, and each call waits {@code workMs} on the backend. CPU time,
 * queuing and the services' own overhead are not in it: it is the floor the network sets, which a
 * measured p50 should be close to.
 */
public final class Prediction {

	/** A measured p50 this much below the prediction, or more above it, disagrees with the physics. */
	public static final double LOWEST_AGREEING_RATIO = 0.85;

	public static final double HIGHEST_AGREEING_RATIO = 1.25;

	private final List<HopCost> hops;

	private final double workMs;

	private Prediction(List<HopCost> hops, double workMs) {
		this.hops = List.copyOf(hops);
		this.workMs = workMs;
	}

	/**
	 * The customer hop opens a new connection per request when the load generator does not keep its
	 * connections, and then resumes nothing (a new virtual user per request); the internal hops open one
	 * on every call unless the mode is {@code reuse}, and resume a TLS session where {@code resumed} says
	 * the hop's new connections mostly did.
	 */
	public static Prediction of(ScenarioSettings settings, Predicate<Hop> resumed) {
		List<HopCost> hops = Arrays.stream(Hop.values()).map((hop) -> {
			boolean customer = hop == Hop.CLIENT_TO_PUBLIC;
			boolean newConnection = customer ? !settings.clientKeepAlive() : settings.mode().newConnectionPerCall();
			int callsPerRequest = (hop == Hop.ORCHESTRATION_TO_BACKEND) ? settings.calls() : 1;
			return new HopCost(hop, settings.transport(), settings.delayMs(hop), newConnection,
					!customer && newConnection && resumed.test(hop), callsPerRequest);
		}).toList();
		return new Prediction(hops, (double) settings.calls() * settings.workMs());
	}

	/** The cost of each hop, in chain order. */
	public List<HopCost> hops() {
		return this.hops;
	}

	/** Backend work per request: {@code calls x workMs}. */
	public double workMs() {
		return this.workMs;
	}

	public double totalMs() {
		return this.hops.stream().mapToDouble(HopCost::msPerRequest).sum() + this.workMs;
	}

	/**
	 * What a request whose internal hops opened {@code newConnections} connections in all should take: the customer
	 * hop as predicted, every internal call one round trip, plus for each new connection the round trips that set
	 * up a new one (no TLS resumption) on the orchestration -> backend link, whose delay the lab gives both internal
	 * links.
	 */
	public double totalMsWithNewInternalConnections(int newConnections) {
		double ms = this.workMs;
		HopCost backend = null;
		for (HopCost hop : this.hops) {
			ms += (hop.hop() == Hop.CLIENT_TO_PUBLIC) ? hop.msPerRequest() : 2 * hop.delayMs() * hop.callsPerRequest();
			if (hop.hop() == Hop.ORCHESTRATION_TO_BACKEND) {
				backend = hop;
			}
		}
		return ms + newConnections * backend.transport().newConnectionRoundTrips(false) * 2 * backend.delayMs();
	}

	/** {@code measuredMs / totalMs()}. */
	public double ratio(double measuredMs) {
		return measuredMs / totalMs();
	}

	/** Whether a ratio of measured to predicted is within the tolerance of the physics. */
	public static boolean agrees(double ratio) {
		return ratio >= LOWEST_AGREEING_RATIO && ratio <= HIGHEST_AGREEING_RATIO;
	}

	/**
	 * The network cost of one hop for one request.
	 *
	 * @param delayMs the link's one-way delay d
	 * @param newConnection whether each call on this hop opens a new connection
	 * @param resumed whether such a new connection resumes a TLS session (fewer round trips for TLS 1.2)
	 * @param callsPerRequest how many times one request crosses this hop, one call after the other
	 */
	public record HopCost(Hop hop, Transport transport, double delayMs, boolean newConnection, boolean resumed,
			int callsPerRequest) {

		/** One for the request, plus the setup of a new connection. */
		public int roundTrips() {
			return 1 + (this.newConnection ? this.transport.newConnectionRoundTrips(this.resumed) : 0);
		}

		public double msPerCall() {
			return roundTrips() * 2 * this.delayMs;
		}

		public double msPerRequest() {
			return msPerCall() * this.callsPerRequest;
		}

	}

}
