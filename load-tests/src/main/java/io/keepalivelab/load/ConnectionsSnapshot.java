package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What one service's {@code GET /actuator/connections} answered at the end of a scenario: the
 * connections it accepted and the ones it opened to each downstream service.
 */
public record ConnectionsSnapshot(String service, Inbound inbound, Map<String, Outbound> outbound) {

	public ConnectionsSnapshot {
		Objects.requireNonNull(inbound, "inbound");
		Objects.requireNonNull(outbound, "outbound");
	}

	public static ConnectionsSnapshot read(Path file) {
		return Json.MAPPER.readValue(file, ConnectionsSnapshot.class);
	}

	/** Connections accepted by this service's server and the requests they carried. */
	public record Inbound(long accepted, long active, long requests) {
	}

	/**
	 * Connections this service's client opened to one downstream service, and how many of those resumed
	 * a TLS session (0 in clear text, and in counters written before resumption was counted).
	 */
	public record Outbound(long opened, long requests, long tlsResumed) {
	}

}
