package io.keepalivelab.connection;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one place where outbound pools and HTTP clients are built, so that every hop of every service
 * connects the same way and transport settings have a single home.
 */
public final class OutboundConnections {

	private final String service;

	private final ClientProperties client;

	private final ConnectionAccounting accounting;

	public OutboundConnections(String service, ClientProperties client, ConnectionAccounting accounting) {
		this.service = service;
		this.client = client;
		this.accounting = accounting;
	}

	public ReuseMode mode() {
		return ReuseMode.of(client);
	}

	/**
	 * A named pool for one downstream: the name shows in the pool metrics. Idle connections are closed
	 * before the downstream's server would close them, checked in the background as well as on acquire.
	 */
	public ConnectionProvider newPool(String downstream) {
		ClientProperties.Pool pool = client.pool();
		return ConnectionProvider.builder(service + "-to-" + downstream)
			.maxConnections(pool.maxConnections())
			.maxIdleTime(pool.maxIdleTime())
			.maxLifeTime(pool.maxLifeTime())
			.evictInBackground(pool.evictionInterval())
			.pendingAcquireTimeout(pool.pendingAcquireTimeout())
			.metrics(true)
			.build();
	}

	/**
	 * An HTTP client on {@code pool} that counts and labels every request: the first request on a
	 * connection opened it, any later one reused it.
	 */
	public HttpClient newHttpClient(String downstream, DownstreamProperties.Downstream target,
			ConnectionProvider pool) {
		return HttpClient.create(pool)
			.keepAlive(client.keepAlive())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(client.connectTimeout().toMillis()))
			.responseTimeout(target.responseTimeout())
			.metrics(true, OutboundConnections::pathOnly)
			.doOnRequest((request, connection) -> {
				boolean opened = accounting.outboundRequest(downstream, connection.channel());
				int localPort = ((InetSocketAddress) ConnectionAccounting.connectionOf(connection.channel())
					.localAddress()).getPort();
				request.currentContextView()
					.<ConnectionUse>getOrEmpty(ConnectionUse.class)
					.ifPresent(use -> use.record(opened, localPort));
			});
	}

	/** Query strings would give every request its own metric series. */
	static String pathOnly(String uri) {
		int query = uri.indexOf('?');
		return query < 0 ? uri : uri.substring(0, query);
	}

	/** What the client learned about the connection one request ran on. */
	static final class ConnectionUse {

		private volatile boolean opened;

		private volatile int localPort;

		void record(boolean opened, int localPort) {
			this.opened = opened;
			this.localPort = localPort;
		}

		String connection() {
			return opened ? HopCall.NEW : HopCall.REUSED;
		}

		int localPort() {
			return localPort;
		}
	}
}
