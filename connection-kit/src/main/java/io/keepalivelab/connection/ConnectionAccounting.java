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
 * and outbound (per downstream, on Reactor Netty clients in every stack).
 * <p>
 * Inbound, every connection is counted {@code accepted} when the server accepts it, and ends in exactly one
 * of four figures: {@code refused} (closed at once at the server's hard limit), {@code tlsFailed} (its TLS
 * handshake failed or never completed), {@code carriedRequests} (it carried a counted request: counted at
 * that first request, while still open) or {@code unused} (closed without carrying a counted request). So
 * {@code accepted = refused + tlsFailed + carriedRequests + unused + } the open connections that have not
 * carried a counted request yet. Requests to the actuator are not counted: a connection that carried only
 * actuator requests is {@code unused}, so reading these counters never changes {@code carriedRequests} or
 * {@code requests}, the figures reuse is measured with. {@code carriedRequests} is what the outbound side's
 * {@code opened} counts at the other end of a hop: both count a connection at its first request. Which
 * inbound connection ends how is for the stack's own code to say.
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

	private final AtomicLong inboundAccepted = new AtomicLong();

	private final AtomicLong inboundTlsFailed = new AtomicLong();

	private final AtomicLong inboundUnused = new AtomicLong();

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

	/** Records a connection the server accepted, before anything was read from it. */
	public void inboundAccepted() {
		inboundAccepted.incrementAndGet();
	}

	/** Records an accepted connection closed before its TLS handshake completed, or whose handshake failed. */
	public void inboundTlsFailed() {
		inboundTlsFailed.incrementAndGet();
	}

	/**
	 * Records an accepted connection closed without carrying a counted request (actuator requests are not
	 * counted), neither refused nor failing its TLS handshake.
	 */
	public void inboundUnused() {
		inboundUnused.incrementAndGet();
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
		InboundPolicy policy = server.policy();
		return new Inbound(inboundAccepted.get(), policy.refused(), inboundTlsFailed.get(), inboundUnused.get(),
				inbound.opened.get(), inbound.active.get(), inbound.requests.get(), policy);
	}

	public Map<String, Outbound> outboundSnapshot() {
		Map<String, Outbound> snapshot = new TreeMap<>();
		outbound.forEach((name, counters) -> snapshot.put(name,
				new Outbound(counters.opened.get(), counters.active.get(), counters.requests.get(),
						counters.resumed.get(), counters.retries.get())));
		return snapshot;
	}

	/**
	 * Inbound figures, as the class comment defines them.
	 *
	 * @param accepted connections the server accepted, whatever became of them
	 * @param refused accepted connections closed at once at the hard limit, the same figure as
	 * {@code policy.refused}; always 0 on Tomcat, which stops accepting at {@code max-connections} and lets the
	 * kernel queue new connections instead
	 * @param tlsFailed accepted connections whose TLS handshake failed or never completed
	 * @param unused accepted connections closed without carrying a counted request, such as those that
	 * carried only actuator requests
	 * @param carriedRequests connections that carried at least one counted request: the connections reuse is
	 * measured with (requests per connection)
	 * @param active connections counted in {@code carriedRequests} and still open
	 * @param requests counted requests, that is all but the actuator's
	 * @param policy the server's connection policy and what it closed
	 */
	public record Inbound(long accepted, long refused, long tlsFailed, long unused, long carriedRequests, long active,
			long requests, InboundPolicy policy) {
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
