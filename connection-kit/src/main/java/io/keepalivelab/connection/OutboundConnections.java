package io.keepalivelab.connection;

import java.net.InetSocketAddress;

import java.util.function.Supplier;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.keepalivelab.connection.ClientProperties.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one place where outbound pools and HTTP clients are built, so that every hop of every service
 * connects the same way: reuse mode, HTTP version and TLS are all decided here.
 */
public final class OutboundConnections {

	private static final AttributeKey<Long> OPENED_AT = AttributeKey.valueOf("keepalive-lab.opened-at");

	private final String service;

	private final ClientProperties client;

	private final ConnectionAccounting accounting;

	private final SslBundles sslBundles;

	private final Supplier<SslContext> sharedSslContext = SingletonSupplier.of(this::newSslContext);

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

	/**
	 * Whether every call gets a pool of its own, disposed after it: the client-per-request mistake, and
	 * also no-reuse over HTTP/2, which has no "Connection: close" and would otherwise multiplex every
	 * call on one pooled connection.
	 */
	public boolean poolPerCall() {
		return client.clientPerRequest() || (!client.keepAlive() && client.protocol() != Protocol.HTTP11);
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
	 * before the downstream's server would close them (see {@link IdleRules}), checked in the background as
	 * well as on acquire. The queue of calls waiting for a connection is bounded: past it a call fails at
	 * once, instead of waiting for the pending-acquire timeout behind calls that will time out too.
	 */
	public ConnectionProvider newPool(String downstream) {
		ClientProperties.Pool pool = client.pool();
		return ConnectionProvider.builder(service + "-to-" + downstream)
			.maxConnections(pool.maxConnections())
			.maxIdleTime(pool.maxIdleTime())
			.maxLifeTime(pool.maxLifeTime())
			.evictInBackground(pool.evictionInterval())
			.pendingAcquireTimeout(pool.pendingAcquireTimeout())
			.pendingAcquireMaxCount(pool.pendingAcquireMaxCount())
			.metrics(true)
			.build();
	}

	/** Records that a call to {@code downstream} was sent again after its pooled connection turned out dead. */
	public void countRetry(String downstream) {
		accounting.outboundRetry(downstream);
	}

	/**
	 * An HTTP client on {@code pool} that counts and labels every request: the first request on a
	 * connection opened it, any later one reused it.
	 */
	public HttpClient newHttpClient(String downstream, DownstreamProperties.Downstream target,
			ConnectionProvider pool) {
		HttpClient http = HttpClient.create(pool)
			.doOnChannelInit((observer, channel, address) -> channel.attr(OPENED_AT).set(System.currentTimeMillis()))
			.protocol(httpProtocol())
			.keepAlive(client.keepAlive())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(client.connectTimeout().toMillis()))
			.responseTimeout(target.responseTimeout())
			.metrics(true, OutboundConnections::pathOnly)
			.doOnRequest((request, connection) -> {
				Channel channel = ConnectionAccounting.connectionOf(connection.channel());
				SSLSession tls = tlsSession(channel);
				boolean opened = accounting.outboundRequest(downstream, connection.channel());
				boolean resumed = opened && tls != null && resumed(tls, channel);
				if (resumed) {
					accounting.tlsResumed(downstream);
				}
				if (opened && tls != null && !client.tls().sessionResumption()) {
					// An invalidated session is never offered for resumption: the next connection pays a full
					// handshake. This one goes on.
					tls.invalidate();
				}
				request.currentContextView()
					.<ConnectionUse>getOrEmpty(ConnectionUse.class)
					.ifPresent(use -> use.record(opened, channel, request.version().text(), tls, resumed));
			})
			.doOnResponse((response, connection) -> response.currentContextView()
				.<ConnectionUse>getOrEmpty(ConnectionUse.class)
				.ifPresent(ConnectionUse::answered));
		if (!client.secure()) {
			return http;
		}
		// A client recreated per request brings its own TLS context, so it has no session to resume;
		// every other mode shares one, as a long-lived client would.
		SslContext ssl = client.clientPerRequest() ? newSslContext() : sharedSslContext.get();
		return http.secure(tls -> tls.sslContext(ssl));
	}

	private HttpProtocol httpProtocol() {
		return switch (client.protocol()) {
			case HTTP11 -> HttpProtocol.HTTP11;
			case H2 -> HttpProtocol.H2;
			case H2C -> HttpProtocol.H2C;
		};
	}

	/** Trusts the CA of the configured SSL bundle only, and offers only the configured TLS versions. */
	private SslContext newSslContext() {
		ClientProperties.Tls tls = client.tls();
		var trust = sslBundles.getBundle(tls.bundle()).getManagers().getTrustManagerFactory();
		String[] versions = tls.protocols().toArray(String[]::new);
		GenericSslContextSpec<?> spec = (client.protocol() == Protocol.H2)
				? Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions))
				: Http11SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions));
		try {
			return spec.sslContext();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot build the TLS client context from bundle '" + tls.bundle() + "'", ex);
		}
	}

	private static SSLSession tlsSession(Channel connection) {
		SslHandler ssl = connection.pipeline().get(SslHandler.class);
		return (ssl != null) ? ssl.engine().getSession() : null;
	}

	/**
	 * A resumed session, TLS 1.2 by session id or TLS 1.3 by ticket, keeps the creation time of the
	 * handshake that made it, which happened before this connection was opened.
	 */
	private static boolean resumed(SSLSession session, Channel connection) {
		Long openedAt = connection.attr(OPENED_AT).get();
		return openedAt != null && session.getCreationTime() < openedAt;
	}

	/** Query strings would give every request its own metric series. */
	public static String pathOnly(String uri) {
		int query = uri.indexOf('?');
		return query < 0 ? uri : uri.substring(0, query);
	}

	/** What the client learned about the connection one request ran on, read from the connection itself. */
	static final class ConnectionUse {

		private volatile boolean sent;

		private volatile boolean answered;

		private volatile boolean opened;

		private volatile int localPort;

		private volatile String protocol;

		private volatile String tlsVersion;

		private volatile Boolean tlsResumed;

		void record(boolean opened, Channel connection, String protocol, SSLSession tls, boolean resumed) {
			this.sent = true;
			this.opened = opened;
			this.localPort = ((InetSocketAddress) connection.localAddress()).getPort();
			this.protocol = protocol;
			this.tlsVersion = (tls != null) ? tls.getProtocol() : null;
			this.tlsResumed = (tls != null && opened) ? resumed : null;
		}

		/** Whether the request went out on a connection: false when none could be had. */
		boolean sent() {
			return sent;
		}

		void answered() {
			this.answered = true;
		}

		/** The request went out on a connection that had already carried one, and no response came back. */
		boolean reusedWithoutAnswer() {
			return sent && !opened && !answered;
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

		Boolean tlsResumed() {
			return tlsResumed;
		}
	}
}
