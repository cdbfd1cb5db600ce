package io.keepalivelab.connection;

/**
 * How a service reuses its outbound connections, derived from the two switches the reuse profiles set.
 * The four combinations are the four scenarios of the published serverless measurements.
 */
public record ReuseMode(boolean keepAlive, boolean clientPerRequest) {

	public static ReuseMode of(ClientProperties client) {
		return new ReuseMode(client.keepAlive(), client.clientPerRequest());
	}

	/**
	 * The profile that selects this mode; {@code no-reuse+client-per-request} is a group of the other two, so
	 * the name is the same whether that profile or both of its members were activated.
	 */
	public String name() {
		if (keepAlive && !clientPerRequest) {
			return "reuse";
		}
		if (!keepAlive && !clientPerRequest) {
			return "no-reuse";
		}
		return keepAlive ? "client-per-request" : "no-reuse+client-per-request";
	}

	@Override
	public String toString() {
		return name() + " (keep-alive " + (keepAlive ? "on" : "off") + ", "
				+ (clientPerRequest ? "new client and pool per request" : "one shared client per downstream") + ")";
	}
}
