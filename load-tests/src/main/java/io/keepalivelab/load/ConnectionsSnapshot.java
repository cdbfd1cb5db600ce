package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * What one service's {@code GET /actuator/connections} answered at the end of a scenario (and, in
 * {@code connections/before/}, just before the load): the connections that carried requests to it and the
 * ones it opened to each downstream service.
 *
 * @param stack the server the service ran on; {@code null} in a run from before the stacks (absent from the
 * file), when every service ran on Netty
 */
public record ConnectionsSnapshot(String service,
		@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) ServerStack stack, Inbound inbound,
		Map<String, Outbound> outbound) {

	public ConnectionsSnapshot {
		Objects.requireNonNull(inbound, "inbound");
		Objects.requireNonNull(outbound, "outbound");
	}

	public static ConnectionsSnapshot read(Path file) {
		return Json.MAPPER.readValue(file, ConnectionsSnapshot.class);
	}

	/** What happened between {@code before} and this snapshot; open connections are this snapshot's. */
	public ConnectionsSnapshot since(ConnectionsSnapshot before) {
		Map<String, Outbound> since = new LinkedHashMap<>();
		this.outbound.forEach((name, now) -> since.put(name,
				now.since(before.outbound().getOrDefault(name, new Outbound(0, 0, 0, 0)))));
		return new ConnectionsSnapshot(this.service, this.stack,
				new Inbound(this.inbound.carriedRequests() - before.inbound().carriedRequests(), this.inbound.active(),
						this.inbound.requests() - before.inbound().requests(),
						this.inbound.policy().since(before.inbound().policy())),
				since);
	}

	/**
	 * The connections that carried requests to this service's server, the requests they carried, and what
	 * its connection policy closed. Requests to the actuator are not counted, so reading the counters
	 * changes neither figure.
	 *
	 * @param carriedRequests connections that carried at least one request: the server's own count of the
	 * connections its callers used, the one requests per connection is measured with. Connections it accepted
	 * that carried none (refused, TLS failed, unused) are not in it
	 * @param active of those, the ones still open
	 */
	public record Inbound(long carriedRequests, long active, long requests, Policy policy) {

		public Inbound {
			Objects.requireNonNull(policy, "policy");
		}

		/**
		 * Reads both forms of the file: since the server counts every connection it accepts, the connections
		 * that carried requests are {@code carriedRequests}; before, they were what it called {@code accepted}.
		 * One of the two must be there.
		 */
		@JsonCreator
		static Inbound read(
				@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) @JsonProperty("carriedRequests") Long carriedRequests,
				@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) @JsonProperty("accepted") Long accepted,
				@JsonProperty("active") long active, @JsonProperty("requests") long requests,
				@JsonProperty("policy") Policy policy) {
			Long carried = (carriedRequests != null) ? carriedRequests : accepted;
			if (carried == null) {
				throw new IllegalArgumentException("inbound has neither carriedRequests nor accepted");
			}
			return new Inbound(carried, active, requests, policy);
		}
	}

	/**
	 * The server's request limit, and the connections its policy closed: idle ones above its soft limit,
	 * new ones at its hard limit, kept-alive ones after the last response the request limit allows. The
	 * request limit and its count are {@code null} in a run from before they were reported (absent from the
	 * file).
	 *
	 * @param maxKeepAliveRequests the server closes a connection after this many responses; {@code null}
	 * for no limit
	 */
	public record Policy(
			@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Integer maxKeepAliveRequests,
			long evicted, long refused,
			@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) Long closedAtRequestLimit) {

		static final Policy NONE = new Policy(null, 0, 0, 0L);

		Policy since(Policy before) {
			return new Policy(this.maxKeepAliveRequests, this.evicted - before.evicted(),
					this.refused - before.refused(), difference(this.closedAtRequestLimit, before.closedAtRequestLimit()));
		}

		/** The closes of both servers; no request limit, as it belongs to one server. */
		Policy plus(Policy other) {
			return new Policy(null, this.evicted + other.evicted(), this.refused + other.refused(),
					(this.closedAtRequestLimit == null || other.closedAtRequestLimit() == null) ? null
							: this.closedAtRequestLimit + other.closedAtRequestLimit());
		}

		private static Long difference(Long now, Long before) {
			return (now == null || before == null) ? null : now - before;
		}
	}

	/**
	 * Connections this service's client opened to one downstream service, how many of those resumed a
	 * TLS session (0 in clear text), and the calls retried because a pooled connection turned out dead.
	 */
	public record Outbound(long opened, long requests, long tlsResumed, long retries) {

		Outbound since(Outbound before) {
			return new Outbound(this.opened - before.opened(), this.requests - before.requests(),
					this.tlsResumed - before.tlsResumed(), this.retries - before.retries());
		}
	}

}
