package io.keepalivelab.connection;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;

/**
 * Counts connections and requests as this service sees them, inbound (on its server, whatever the stack)
 * and outbound (per downstream, on Reactor Netty clients in every stack). A connection is counted when it
 * carries its first request, so both sides count alike and a connection used only to read these counters
 * is never counted. Which inbound request is a connection's first is for the stack's own code to say.
 */
public final class ConnectionAccounting {

	private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("keepalive-lab.counted");

	private static final ServerStack NO_SERVER = new ServerStack() {

		@Override
		public String name() {
			return "none";
		}

		@Override
		public InboundPolicy policy() {
			return new InboundPolicy(null, null, Map.of(), 0, 0, 0, 0, 0, 0);
		}
	};

	private final Counters inbound = new Counters();

	private final Map<String, Counters> outbound = new ConcurrentHashMap<>();

	private final ServerStack server;

	/** @param server the stack the service's server runs on, whose policy is part of the inbound figures */
	public ConnectionAccounting(ServerStack server) {
		this.server = server;
	}

	/** For a process that only calls out: no server, no inbound connections. */
	public ConnectionAccounting() {
		this(NO_SERVER);
	}

	public String stack() {
		return server.name();
	}

	/**
	 * Records a request arriving on a connection of the server.
	 * @param firstOnConnection whether no request was counted on its connection before
	 */
	public void inboundRequest(boolean firstOnConnection) {
		inbound.requests.incrementAndGet();
		if (firstOnConnection) {
			inbound.opened.incrementAndGet();
			inbound.active.incrementAndGet();
		}
	}

	/**
	 * Whether a request path is the actuator's: such requests are not counted, so that reading the counters
	 * never changes them.
	 */
	public static boolean isActuator(String path, String actuatorBasePath) {
		return path.equals(actuatorBasePath) || path.startsWith(actuatorBasePath + "/");
	}

	/** Records that an inbound connection that carried a counted request has closed. */
	public void inboundClosed() {
		inbound.active.decrementAndGet();
	}

	/**
	 * Records a request leaving for {@code downstream} on {@code channel}.
	 * @return true if it is the first request of its connection, false if the connection was reused
	 */
	public boolean outboundRequest(String downstream, Channel channel) {
		Counters counters = outbound.computeIfAbsent(downstream, name -> new Counters());
		counters.requests.incrementAndGet();
		Channel connection = connectionOf(channel);
		if (connection.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
			return false;
		}
		counters.opened.incrementAndGet();
		counters.active.incrementAndGet();
		connection.closeFuture().addListener(closed -> counters.active.decrementAndGet());
		return true;
	}

	/** Records that a new TLS connection to {@code downstream} resumed an earlier session. */
	public void tlsResumed(String downstream) {
		outbound.computeIfAbsent(downstream, name -> new Counters()).resumed.incrementAndGet();
	}

	/** Records that a call to {@code downstream} was sent again because its pooled connection was dead. */
	public void outboundRetry(String downstream) {
		outbound.computeIfAbsent(downstream, name -> new Counters()).retries.incrementAndGet();
	}

	/** Registers a downstream so that it shows in snapshots before its first request. */
	public void declareDownstream(String downstream) {
		outbound.computeIfAbsent(downstream, name -> new Counters());
	}

	public Inbound inboundSnapshot() {
		return new Inbound(inbound.opened.get(), inbound.active.get(), inbound.requests.get(), server.policy());
	}

	public Map<String, Outbound> outboundSnapshot() {
		Map<String, Outbound> snapshot = new TreeMap<>();
		outbound.forEach((name, counters) -> snapshot.put(name,
				new Outbound(counters.opened.get(), counters.active.get(), counters.requests.get(),
						counters.resumed.get(), counters.retries.get())));
		return snapshot;
	}

	/**
	 * Inbound figures: connections accepted by the server, those still open, requests served, and the
	 * server's connection policy with what it did.
	 */
	public record Inbound(long accepted, long active, long requests, InboundPolicy policy) {
	}

	/**
	 * Outbound figures for one downstream: connections opened, those still open, requests sent, the
	 * opened TLS connections whose handshake resumed an earlier session, and the calls sent again after a
	 * reused connection turned out dead.
	 */
	public record Outbound(long opened, long active, long requests, long tlsResumed, long retries) {
	}

	/** HTTP/2 streams are child channels: the TCP connection is their parent. */
	public static Channel connectionOf(Channel channel) {
		return channel instanceof Http2StreamChannel ? channel.parent() : channel;
	}

	private static final class Counters {

		private final AtomicLong opened = new AtomicLong();

		private final AtomicLong active = new AtomicLong();

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong resumed = new AtomicLong();

		private final AtomicLong retries = new AtomicLong();
	}
}
