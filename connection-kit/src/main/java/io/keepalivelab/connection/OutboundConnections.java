package io.keepalivelab.connection;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.keepalivelab.connection.ClientProperties.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.ResumableX509ExtendedTrustManager;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
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

	private final String service;

	private final ClientProperties client;

	private final ConnectionAccounting accounting;

	private final SslBundles sslBundles;

	private final Supplier<TlsClient> sharedTls = SingletonSupplier.of(this::newTls);

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
		// A client recreated per request brings its own TLS context, so it has no session to resume;
		// every other mode shares one, as a long-lived client would.
		TlsClient tlsClient = !client.secure() ? null : client.clientPerRequest() ? newTls() : sharedTls.get();
		HttpClient http = HttpClient.create(pool)
			.protocol(httpProtocol())
			.keepAlive(client.keepAlive())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(client.connectTimeout().toMillis()))
			.responseTimeout(target.responseTimeout())
			.metrics(true, OutboundConnections::pathOnly)
			.doOnRequest((request, connection) -> {
				Channel channel = ConnectionAccounting.connectionOf(connection.channel());
				SslHandler handler = channel.pipeline().get(SslHandler.class);
				SSLSession tls = (handler != null) ? handler.engine().getSession() : null;
				boolean opened = accounting.outboundRequest(downstream, connection.channel());
				boolean resumed = opened && tls != null && tlsClient.resumption().resumed(handler.engine());
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
			.doOnResponse((response, connection) -> {
				if (!client.keepAlive() && client.protocol() == Protocol.HTTP11) {
					// Having sent "Connection: close", the client must close the connection after the response
					// (RFC 9112, 9.6). Reactor Netty keeps it if the response does not say "close" itself, and
					// would reuse it for the next call: a server that ignores the header would get no-reuse
					// traffic on kept connections.
					connection.markPersistent(false);
				}
				response.currentContextView()
					.<ConnectionUse>getOrEmpty(ConnectionUse.class)
					.ifPresent(ConnectionUse::answered);
			});
		if (tlsClient == null) {
			return http;
		}
		return http.secure(tls -> tls.sslContext(tlsClient.context()));
	}

	private HttpProtocol httpProtocol() {
		return switch (client.protocol()) {
			case HTTP11 -> HttpProtocol.HTTP11;
			case H2 -> HttpProtocol.H2;
			case H2C -> HttpProtocol.H2C;
		};
	}

	/**
	 * Trusts the CA of the configured SSL bundle only, offers only the configured TLS versions, and learns
	 * which handshakes resumed a session.
	 */
	private TlsClient newTls() {
		ClientProperties.Tls tls = client.tls();
		ResumptionSignal trust = new ResumptionSignal(
				sslBundles.getBundle(tls.bundle()).getManagers().getTrustManagerFactory());
		String[] versions = tls.protocols().toArray(String[]::new);
		GenericSslContextSpec<?> spec = (client.protocol() == Protocol.H2)
				? Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions))
				: Http11SslContextSpec.forClient().configure(builder -> builder.trustManager(trust).protocols(versions));
		try {
			return new TlsClient(spec.sslContext(), trust);
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot build the TLS client context from bundle '" + tls.bundle() + "'", ex);
		}
	}

	/** A TLS client context and what tells its resumed handshakes from its full ones. */
	private record TlsClient(SslContext context, ResumptionSignal resumption) {
	}

	/**
	 * The bundle's trust manager, through which the TLS engine says whether a handshake resumed a session:
	 * Netty calls {@link ResumableX509ExtendedTrustManager#resumeServerTrusted} for a handshake that completed
	 * without validating the server's certificates, which only a resumed one does (TLS 1.2 by session id or
	 * ticket, TLS 1.3 by ticket), and validates them on every full one. BoringSSL has the flag itself
	 * (SSL_session_reused), but Netty 4.2 keeps its engine's isSessionReused() package-private, and the JDK's
	 * SSLEngine has no such flag at all: this callback is public and the same for both providers. A session's
	 * creation time, used before, says when that session was made, not whether this handshake resumed it.
	 */
	// Reference: https://netty.io/4.2/api/io/netty/handler/ssl/ResumableX509ExtendedTrustManager.html
	static final class ResumptionSignal extends X509ExtendedTrustManager implements ResumableX509ExtendedTrustManager {

		private final X509ExtendedTrustManager trust;

		/** Engines whose handshake resumed, until the connection's first request asks; weak, as engines die. */
		private final Map<SSLEngine, Boolean> resumed = Collections.synchronizedMap(new WeakHashMap<>());

		ResumptionSignal(TrustManagerFactory factory) {
			this.trust = Arrays.stream(factory.getTrustManagers())
				.filter(X509ExtendedTrustManager.class::isInstance)
				.map(X509ExtendedTrustManager.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("the SSL bundle has no X.509 trust manager"));
		}

		/** Whether {@code engine}'s handshake resumed a session; answers true once. */
		boolean resumed(SSLEngine engine) {
			return resumed.remove(engine) != null;
		}

		@Override
		public void resumeServerTrusted(X509Certificate[] chain, SSLEngine engine) {
			resumed.put(engine, Boolean.TRUE);
		}

		@Override
		public void resumeClientTrusted(X509Certificate[] chain, SSLEngine engine) {
			// For a server that resumed a client's session: never called on a client.
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			trust.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			trust.checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust.checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust.checkClientTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return trust.getAcceptedIssuers();
		}
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

		private volatile EventLoop eventLoop;

		void record(boolean opened, Channel connection, String protocol, SSLSession tls, boolean resumed) {
			this.sent = true;
			this.opened = opened;
			this.localPort = ((InetSocketAddress) connection.localAddress()).getPort();
			this.protocol = protocol;
			this.tlsVersion = (tls != null) ? tls.getProtocol() : null;
			this.tlsResumed = (tls != null && opened) ? resumed : null;
			this.eventLoop = connection.eventLoop();
		}

		/** Runs a task on the event loop of the call's connection: at once before the call has one. */
		Executor onItsEventLoop() {
			return LoopExecutor.of(() -> this.eventLoop);
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
