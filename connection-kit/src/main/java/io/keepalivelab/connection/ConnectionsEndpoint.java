package io.keepalivelab.connection;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/connections}: the connections and requests this service has seen, so that reuse
 * can be checked from the inside of every service, not assumed.
 */
@Endpoint(id = "connections")
public class ConnectionsEndpoint {

	private final String service;

	private final List<String> profiles;

	private final ReuseMode mode;

	private final String transport;

	private final ConnectionAccounting accounting;

	public ConnectionsEndpoint(String service, List<String> profiles, ReuseMode mode, String transport,
			ConnectionAccounting accounting) {
		this.service = service;
		this.profiles = List.copyOf(profiles);
		this.mode = mode;
		this.transport = transport;
		this.accounting = accounting;
	}

	@ReadOperation
	public Report connections() {
		return new Report(service, accounting.stack(), new Mode(mode.name(), profiles, mode.keepAlive(), mode.clientPerRequest(), transport),
				accounting.inboundSnapshot(), accounting.outboundSnapshot());
	}

	/** The endpoint's JSON body; {@code stack} is the server's, {@code netty} or {@code tomcat}. */
	public record Report(String service, String stack, Mode mode, ConnectionAccounting.Inbound inbound,
			Map<String, ConnectionAccounting.Outbound> outbound) {
	}

	/** The reuse mode and outbound transport in force, and the profiles that chose them. */
	public record Mode(String name, List<String> profiles, boolean keepAlive, boolean clientPerRequest,
			String transport) {
	}
}
