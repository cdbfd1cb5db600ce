package io.keepalivelab.connection;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The clients of every configured downstream, by name; closes their pools on shutdown. */
public final class Downstreams implements AutoCloseable {

	private final Map<String, DownstreamClient> clients;

	public Downstreams(Map<String, DownstreamClient> clients) {
		this.clients = new TreeMap<>(clients);
	}

	/** The client of a downstream the service cannot work without. */
	public DownstreamClient client(String name) {
		DownstreamClient client = clients.get(name);
		if (client == null) {
			throw new IllegalStateException("No downstream '" + name + "' is configured: set keepalive-lab.downstreams."
					+ name + ".base-url (configured: " + clients.keySet() + ")");
		}
		return client;
	}

	@Override
	public void close() {
		clients.values().forEach(DownstreamClient::close);
	}

	@Override
	public String toString() {
		return clients.isEmpty() ? "none"
				: clients.values().stream().map(DownstreamClient::toString).collect(Collectors.joining(", "));
	}
}
