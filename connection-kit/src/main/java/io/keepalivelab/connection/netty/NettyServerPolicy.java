package io.keepalivelab.connection.netty;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.keepalivelab.connection.InboundPolicy;
import io.keepalivelab.connection.ServerConnectionProperties;
import io.keepalivelab.connection.ServerStack;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import reactor.netty.http.server.HttpServer;

/**
 * Which connections a service's Reactor Netty server keeps. Below the soft limit it accepts every
 * connection; above it, it still accepts, but closes idle connections (no request in flight), longest idle first, until it is
 * back at the soft limit; at the hard limit it closes a new connection as soon as it is accepted, before
 * reading anything. The idle timeout and the requests allowed per connection are Boot's
 * {@code server.netty.idle-timeout} and {@code server.netty.max-keep-alive-requests}: shown and counted
 * here, enforced by Reactor Netty.
 * <p>
 * Every connection counts toward both limits, but only HTTP/1.1 connections are evicted. An HTTP/2
 * connection's streams are not tracked (closing it politely takes a GOAWAY), and a TLS connection that
 * negotiates its protocol with ALPN is not tracked either: neither is ever idle here.
 */
// The soft and hard limits with idle eviction are Upstash's, from "Challenge of Serverless: Database Connections".
public final class NettyServerPolicy implements ServerStack, MeterBinder {

	/** Marks a connection closed at the hard limit, so that it is counted as refused and nothing else. */
	private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("keepalive-lab.refused");

	private final int softLimit;

	private final int hardLimit;

	private final Duration idleTimeout;

	private final Integer maxKeepAliveRequests;

	private final Set<ServerConnection> open = new HashSet<>();

	/** Connections chosen for eviction whose event loop has not closed them yet. Guarded by this. */
	private int evicting;

	private volatile int openCount;

	private final AtomicLong evicted = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong closedIdle = new AtomicLong();

	private final AtomicLong closedAtRequestLimit = new AtomicLong();

	/**
	 * @param idleTimeout          {@code server.netty.idle-timeout}, null if none
	 * @param maxKeepAliveRequests {@code server.netty.max-keep-alive-requests}, null if none
	 */
	public NettyServerPolicy(ServerConnectionProperties limits, Duration idleTimeout,
			Integer maxKeepAliveRequests) {
		this.softLimit = limits.softLimit();
		this.hardLimit = limits.hardLimit();
		this.idleTimeout = idleTimeout;
		this.maxKeepAliveRequests = maxKeepAliveRequests;
	}

	/** Applies the policy to every connection {@code server} accepts. */
	public HttpServer applyTo(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> accepted(channel));
	}

	private void accepted(Channel channel) {
		ServerConnection connection = new ServerConnection(this, channel);
		connection.track();
		if (!admit(connection)) {
			refused.incrementAndGet();
			channel.attr(REFUSED).set(Boolean.TRUE);
			channel.close();
			return;
		}
		channel.closeFuture().addListener(closed -> closed(connection));
		evictIdleConnections(connection);
	}

	private synchronized boolean admit(ServerConnection connection) {
		if (hardLimit > 0 && open.size() >= hardLimit) {
			return false;
		}
		open.add(connection);
		openCount = open.size();
		return true;
	}

	private synchronized void closed(ServerConnection connection) {
		open.remove(connection);
		openCount = open.size();
		clearEviction(connection);
	}

	/** Called on a connection's event loop when its last request in flight has been answered. */
	void connectionIdle() {
		if (softLimit > 0 && openCount > softLimit) {
			evictIdleConnections(null);
		}
	}

	/**
	 * Chooses idle connections, longest idle first, until the connections left reach the soft limit, and asks
	 * each one's event loop to close it. A connection being accepted is spared: it has had no chance to send
	 * its first request yet.
	 */
	private void evictIdleConnections(ServerConnection spared) {
		if (softLimit == 0) {
			return;
		}
		List<ServerConnection> chosen;
		synchronized (this) {
			int excess = open.size() - evicting - softLimit;
			if (excess <= 0) {
				return;
			}
			chosen = open.stream()
				.filter(connection -> connection != spared && !connection.evicting && connection.idle())
				.sorted(Comparator.comparingLong(ServerConnection::idleSince))
				.limit(excess)
				.toList();
			chosen.forEach(connection -> connection.evicting = true);
			evicting += chosen.size();
		}
		chosen.forEach(connection -> connection.channel.eventLoop()
			.execute(() -> evictIfStillIdle(connection, spared)));
	}

	/** On the connection's event loop; if it has become busy meanwhile, another one is chosen instead. */
	private void evictIfStillIdle(ServerConnection connection, ServerConnection spared) {
		if (connection.stillIdle()) {
			evicted.incrementAndGet();
			connection.channel.close();
			return;
		}
		synchronized (this) {
			clearEviction(connection);
		}
		evictIdleConnections(spared);
	}

	private void clearEviction(ServerConnection connection) {
		if (connection.evicting) {
			connection.evicting = false;
			evicting--;
		}
	}

	/** Whether {@code channel} was closed at the hard limit. */
	static boolean refused(Channel channel) {
		return channel.hasAttr(REFUSED);
	}

	/** The request limit, or 0 if there is none. */
	int maxKeepAliveRequests() {
		return maxKeepAliveRequests == null ? 0 : maxKeepAliveRequests;
	}

	void closedIdle() {
		closedIdle.incrementAndGet();
	}

	void closedAtRequestLimit() {
		closedAtRequestLimit.incrementAndGet();
	}

	@Override
	public String name() {
		return NETTY;
	}

	@Override
	public InboundPolicy policy() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("server.netty.idle-timeout", idleTimeout);
		settings.put("server.netty.max-keep-alive-requests", maxKeepAliveRequests);
		settings.put("keepalive-lab.server.connections.soft-limit", softLimit);
		settings.put("keepalive-lab.server.connections.hard-limit", hardLimit);
		return new InboundPolicy(idleTimeout, maxKeepAliveRequests, settings, openCount, idleCount(), evicted.get(),
				refused.get(), closedIdle.get(), closedAtRequestLimit.get());
	}

	private synchronized int idleCount() {
		return (int) open.stream().filter(ServerConnection::idle).count();
	}

	/** The limits, beside the figures every stack publishes ({@link io.keepalivelab.connection.ServerMetrics}). */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("keepalive-lab.server.connections.soft-limit", this, policy -> policy.softLimit)
			.description("Above it the server closes idle connections; 0 means no limit")
			.register(registry);
		Gauge.builder("keepalive-lab.server.connections.hard-limit", this, policy -> policy.hardLimit)
			.description("At it the server refuses new connections; 0 means no limit")
			.register(registry);
	}
}
