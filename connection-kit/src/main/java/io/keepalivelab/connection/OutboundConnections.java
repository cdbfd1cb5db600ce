package io.keepalivelab.connection;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLSession;

import io.keepalivelab.connection.ClientProperties.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

import org.springframework.boot.ssl.SslBundles;

/**
 * The one place where outbound pools and HTTP clients are built, so that every hop of every service
 * connects the same way: reuse mode, HTTP version and TLS are all decided here.
 */
public final class OutboundConnections {

	private final String service;

	private final ClientProperties client;

	private final ConnectionAccounting accounting;

	private final SslBundles sslBundles;

	public OutboundConnections(String service, ClientProperties client, ConnectionAccounting accounting,
			SslBundles sslBundles) {
		this.service = service;
		this.client = client;
		this.accounting = accounting;
		this.sslBundles = sslBundles;
	}

	public ReuseMode mode() {
		return ReuseMode.of(client);
	}

	public ClientProperties properties() {
		return client;
	}

	/** The outbound HTTP version and TLS versions, e.g. "h2 over TLSv1.3". */
	public String transport() {
		String http = switch (client.protocol()) {
			case HTTP11 -> "HTTP/1.1";
			case H2 -> "h2";
			case H2C -> "h2c";
		};
		return client.secure() ? http + " over " + String.join(",", client.tls().protocols()) : http;
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
		HttpClient http = HttpClient.create(pool)
			.protocol(httpProtocol())
			.keepAlive(client.keepAlive())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(client.connectTimeout().toMillis()))
			.responseTimeout(target.responseTimeout())
			.metrics(true, OutboundConnections::pathOnly)
			.doOnRequest((request, connection) -> {
				Channel channel = ConnectionAccounting.connectionOf(connection.channel());
				boolean opened = accounting.outboundRequest(downstream, connection.channel());
				request.currentContextView()
					.<ConnectionUse>getOrEmpty(ConnectionUse.class)
					.ifPresent(use -> use.record(opened, channel, request.version().text()));
			});
		if (!client.keepAlive() && client.protocol() != Protocol.HTTP11) {
			// HTTP/2 has no "Connection: close" and multiplexes every request on one connection: without
			// keep-alive, the connection is closed once its response is in.
			http = http.doAfterResponseSuccess(
					(response, connection) -> ConnectionAccounting.connectionOf(connection.channel()).close());
		}
		return client.secure() ? http.secure(tls -> tls.sslContext(sslContextSpec())) : http;
	}

	private HttpProtocol httpProtocol() {
		return switch (client.protocol()) {
			case HTTP11 -> HttpProtocol.HTTP11;
			case H2 -> HttpProtocol.H2;
			case H2C -> HttpProtocol.H2C;
		};
	}

	/** Trusts the CA of the configured SSL bundle only, and offers only the configured TLS versions. */
	private GenericSslContextSpec<?> sslContextSpec() {
		ClientProperties.Tls tls = client.tls();
		var trust = sslBundles.getBundle(tls.bundle()).getManagers().getTrustManagerFactory();
		String[] versions = tls.protocols().toArray(String[]::new);
		return (client.protocol() == Protocol.H2)
				? Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions))
				: Http11SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions));
	}

	/** Query strings would give every request its own metric series. */
	static String pathOnly(String uri) {
		int query = uri.indexOf('?');
		return query < 0 ? uri : uri.substring(0, query);
	}

	/** What the client learned about the connection one request ran on, read from the connection itself. */
	static final class ConnectionUse {

		private volatile boolean opened;

		private volatile int localPort;

		private volatile String protocol;

		private volatile String tlsVersion;

		void record(boolean opened, Channel connection, String protocol) {
			this.opened = opened;
			this.localPort = ((InetSocketAddress) connection.localAddress()).getPort();
			this.protocol = protocol;
			SslHandler ssl = connection.pipeline().get(SslHandler.class);
			SSLSession session = (ssl != null) ? ssl.engine().getSession() : null;
			this.tlsVersion = (session != null) ? session.getProtocol() : null;
		}

		String connection() {
			return opened ? HopCall.NEW : HopCall.REUSED;
		}

		int localPort() {
			return localPort;
		}

		String protocol() {
			return protocol;
		}

		String tlsVersion() {
			return tlsVersion;
		}
	}
}
