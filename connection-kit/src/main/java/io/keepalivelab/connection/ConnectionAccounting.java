package io.keepalivelab.connection;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;

/**
 * Counts connections and requests as this service sees them, inbound (on its server) and outbound (per
 * downstream). A connection is counted when it carries its first request, so both sides count alike and
 * a connection used only to read these counters is never counted.
 */
public final class ConnectionAccounting {

	private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("keepalive-lab.counted");

	private final Counters inbound = new Counters();

	private final Map<String, Counters> outbound = new ConcurrentHashMap<>();

	private final ServerConnectionPolicy serverPolicy;

	/** @param serverPolicy the server's connection policy, whose figures are part of the inbound ones */
	public ConnectionAccounting(ServerConnectionPolicy serverPolicy) {
		this.serverPolicy = serverPolicy;
	}

	/** For a server without connection limits. */
	public ConnectionAccounting() {
		this(new ServerConnectionPolicy(new ServerConnectionProperties(0, 0), null, null));
	}

	/**
	 * Records a request arriving on {@code channel}.
	 * @return true if it is the first request of its connection
	 */
	public boolean inboundRequest(Channel channel) {
		return inbound.request(channel);
	}

	/**
	 * Records a request leaving for {@code downstream} on {@code channel}.
	 * @return true if it is the first request of its connection, false if the connection was reused
	 */
	public boolean outboundRequest(String downstream, Channel channel) {
		return outbound.computeIfAbsent(downstream, name -> new Counters()).request(channel);
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
		return new Inbound(inbound.opened.get(), inbound.active.get(), inbound.requests.get(),
				serverPolicy.figures());
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
	public record Inbound(long accepted, long active, long requests, ServerConnectionPolicy.Figures policy) {
	}

	/**
	 * Outbound figures for one downstream: connections opened, those still open, requests sent, the
	 * opened TLS connections whose handshake resumed an earlier session, and the calls sent again after a
	 * reused connection turned out dead.
	 */
	public record Outbound(long opened, long active, long requests, long tlsResumed, long retries) {
	}

	/** HTTP/2 streams are child channels: the TCP connection is their parent. */
	static Channel connectionOf(Channel channel) {
		return channel instanceof Http2StreamChannel ? channel.parent() : channel;
	}

	private static final class Counters {

		private final AtomicLong opened = new AtomicLong();

		private final AtomicLong active = new AtomicLong();

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong resumed = new AtomicLong();

		private final AtomicLong retries = new AtomicLong();

		boolean request(Channel channel) {
			requests.incrementAndGet();
			Channel connection = connectionOf(channel);
			if (connection.attr(COUNTED).setIfAbsent(Boolean.TRUE) != null) {
				return false;
			}
			opened.incrementAndGet();
			active.incrementAndGet();
			connection.closeFuture().addListener(closed -> active.decrementAndGet());
			return true;
		}
	}
}
