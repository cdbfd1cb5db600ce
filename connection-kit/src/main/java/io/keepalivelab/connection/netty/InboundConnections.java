package io.keepalivelab.connection.netty;

import io.keepalivelab.connection.ConnectionAccounting;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import reactor.netty.http.server.HttpServer;

/**
 * Every connection the Reactor Netty server accepts, counted as it is accepted and once more as it closes,
 * by how it ended: refused by {@link NettyServerPolicy} at its hard limit, failing its TLS handshake, having
 * carried a counted request, or unused (see {@link ConnectionAccounting}).
 */
final class InboundConnections {

	private static final AttributeKey<Boolean> CARRIED = AttributeKey.valueOf("keepalive-lab.inbound-counted");

	private final ConnectionAccounting accounting;

	InboundConnections(ConnectionAccounting accounting) {
		this.accounting = accounting;
	}

	/** Counts every connection {@code server} accepts, whatever the order of the server's other observers. */
	HttpServer applyTo(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> accepted(channel));
	}

	/** Counts a request on {@code channel} (an HTTP/2 stream counts on its connection). */
	void request(Channel channel) {
		Channel connection = ConnectionAccounting.connectionOf(channel);
		accounting.inboundRequest(connection.attr(CARRIED).setIfAbsent(Boolean.TRUE) == null);
	}

	private void accepted(Channel channel) {
		accounting.inboundAccepted();
		ChannelPipeline pipeline = channel.pipeline();
		// With SNI, the SslHandler replaces the handler that reads the client's hello.
		boolean tls = pipeline.get(SslHandler.class) != null || pipeline.get(SslClientHelloHandler.class) != null;
		channel.closeFuture().addListener(closed -> closed(channel, tls));
	}

	/** On the event loop, before the pipeline is taken apart. */
	private void closed(Channel channel, boolean tls) {
		if (NettyServerPolicy.refused(channel)) {
			return;
		}
		if (channel.hasAttr(CARRIED)) {
			accounting.inboundClosed();
		}
		else if (tls && !handshakeCompleted(channel)) {
			accounting.inboundTlsFailed();
		}
		else {
			accounting.inboundUnused();
		}
	}

	private static boolean handshakeCompleted(Channel channel) {
		SslHandler ssl = channel.pipeline().get(SslHandler.class);
		return ssl != null && ssl.handshakeFuture().isSuccess();
	}
}
