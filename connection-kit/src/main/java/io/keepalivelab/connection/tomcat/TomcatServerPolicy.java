package io.keepalivelab.connection.tomcat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.InboundPolicy;
import io.keepalivelab.connection.ServerStack;

/**
 * Which connections a service's Tomcat keeps, read from its connector once it runs, and what it accepted
 * and closed, told by {@link AccountedHttp11NioProtocol} and passed on to {@link ConnectionAccounting}.
 * Tomcat has no soft limit with idle eviction and refuses nothing: at {@code max-connections} it stops
 * accepting, and up to {@code accept-count} more connections wait in the kernel's queue until one closes,
 * so {@code refused} is always 0 here.
 */
public final class TomcatServerPolicy implements ServerStack {

	private final Map<String, TomcatConnection> connections = new ConcurrentHashMap<>();

	private final AtomicLong closedIdle = new AtomicLong();

	private final AtomicLong closedAtRequestLimit = new AtomicLong();

	private volatile AccountedHttp11NioProtocol connector;

	private volatile ConnectionAccounting accounting;

	void observe(AccountedHttp11NioProtocol connector, ConnectionAccounting accounting) {
		this.connector = connector;
		this.accounting = accounting;
		connector.reportTo(this);
	}

	@Override
	public String name() {
		return TOMCAT;
	}

	/** The connection a request arrived on, known from its first request until it closes. */
	TomcatConnection connection(String connectionId) {
		return connections.computeIfAbsent(connectionId, id -> new TomcatConnection());
	}

	void timedOut() {
		closedIdle.incrementAndGet();
	}

	void accepted() {
		ConnectionAccounting counts = accounting;
		if (counts != null) {
			counts.inboundAccepted();
		}
	}

	/** A connection Tomcat accepted and closed before setting it up: nothing can have arrived on it. */
	void closedBeforeSetUp() {
		ConnectionAccounting counts = accounting;
		if (counts != null) {
			counts.inboundUnused();
		}
	}

	/**
	 * @param handshakeCompleted false if the connection was TLS and its handshake failed or never completed
	 */
	void closed(String connectionId, boolean handshakeCompleted) {
		TomcatConnection connection = connections.remove(connectionId);
		if (connection != null) {
			int limit = maxKeepAliveRequests(connector);
			if (limit > 0 && connection.http11Requests.get() >= limit) {
				closedAtRequestLimit.incrementAndGet();
			}
		}
		ConnectionAccounting counts = accounting;
		if (counts == null) {
			return;
		}
		if (connection != null && connection.counted.get()) {
			counts.inboundClosed();
		}
		else if (!handshakeCompleted) {
			counts.inboundTlsFailed();
		}
		else {
			counts.inboundUnused();
		}
	}

	@Override
	public InboundPolicy policy() {
		AccountedHttp11NioProtocol tomcat = connector;
		if (tomcat == null) {
			return new InboundPolicy(null, null, Map.of(), 0, 0, 0, 0, closedIdle.get(), closedAtRequestLimit.get());
		}
		Duration idleTimeout = (tomcat.getKeepAliveTimeout() > 0) ? Duration.ofMillis(tomcat.getKeepAliveTimeout()) : null;
		int limit = maxKeepAliveRequests(tomcat);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("server.tomcat.keep-alive-timeout", idleTimeout);
		settings.put("server.tomcat.max-keep-alive-requests", tomcat.getMaxKeepAliveRequests());
		settings.put("server.tomcat.connection-timeout", Duration.ofMillis(tomcat.getConnectionTimeout()));
		settings.put("server.tomcat.max-connections", tomcat.getMaxConnections());
		settings.put("server.tomcat.accept-count", tomcat.getAcceptCount());
		return new InboundPolicy(idleTimeout, (limit > 0) ? limit : null, settings, tomcat.openConnections(),
				tomcat.waitingConnections(), 0, 0, closedIdle.get(), closedAtRequestLimit.get());
	}

	/** Tomcat's -1 means no limit; 1 turns keep-alive off. */
	private static int maxKeepAliveRequests(AccountedHttp11NioProtocol tomcat) {
		return (tomcat != null) ? tomcat.getMaxKeepAliveRequests() : -1;
	}

	/**
	 * One open connection as the servlet side saw it: its HTTP/1.1 requests and whether it carried a counted
	 * one.
	 */
	static final class TomcatConnection {

		private final AtomicInteger http11Requests = new AtomicInteger();

		private final AtomicBoolean counted = new AtomicBoolean();

		void http11Request() {
			http11Requests.incrementAndGet();
		}

		/** True the first time only: the connection's first counted request. */
		boolean countOnce() {
			return counted.compareAndSet(false, true);
		}
	}
}
