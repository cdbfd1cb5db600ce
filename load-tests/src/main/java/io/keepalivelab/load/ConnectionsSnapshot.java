package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one service's {@code GET /actuator/connections} answered at the end of a scenario (and, in
 * {@code connections/before/}, just before the load): the connections it accepted and the ones it
 * opened to each downstream service.
 */
public record ConnectionsSnapshot(String service, Inbound inbound, Map<String, Outbound> outbound) {

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
		return new ConnectionsSnapshot(this.service, new Inbound(this.inbound.accepted() - before.inbound().accepted(),
				this.inbound.active(), this.inbound.requests() - before.inbound().requests(),
				this.inbound.policy().since(before.inbound().policy())), since);
	}

	/**
	 * Connections accepted by this service's server, the requests they carried, and what its connection
	 * policy closed.
	 */
	public record Inbound(long accepted, long active, long requests, Policy policy) {

		public Inbound {
			Objects.requireNonNull(policy, "policy");
		}
	}

	/** Idle connections the server closed above its soft limit, and new ones it refused at its hard limit. */
	public record Policy(long evicted, long refused) {

		Policy since(Policy before) {
			return new Policy(this.evicted - before.evicted(), this.refused - before.refused());
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
