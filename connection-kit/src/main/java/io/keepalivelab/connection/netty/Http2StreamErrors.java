package io.keepalivelab.connection.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Answers a client's HTTP/2 stream errors (a WINDOW_UPDATE of 0 or past 2^31 - 1 on a stream, DATA that
 * contradicts content-length) with the RST_STREAM RFC 9113 5.4.2 asks for, logged at DEBUG. Left alone,
 * Netty's codec passes the error to the stream's own pipeline, where Reactor Netty's last handler finds
 * the request already answered or not yet bound and {@code ServerTransport} logs it as
 * {@code onUncaughtException} at ERROR: the client's protocol error, reported as the server's.
 * <p>
 * The handler sits on the connection, just before Reactor Netty's stream multiplexer, so that it also
 * sees errors in a stream's first HEADERS, before any request exists. The multiplexer only appears once
 * the connection has become HTTP/2 (ALPN, or h2c by upgrade or prior knowledge); a watcher waits for it.
 */
final class Http2StreamErrors extends ChannelInboundHandlerAdapter {

	private static final Log log = LogFactory.getLog(Http2StreamErrors.class);

	private static final String NAME = "keepalive-lab.http2StreamErrors";

	/** Watches every connection {@code server} accepts. */
	static HttpServer applyTo(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> accepted(channel));
	}

	private static void accepted(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (!install(pipeline) && pipeline.get(NettyPipeline.ReactiveBridge) != null) {
			pipeline.addBefore(NettyPipeline.ReactiveBridge, NAME + ".watcher", new Watcher());
		}
	}

	/** Adds the handler if the connection speaks HTTP/2 by now; whether it does. */
	private static boolean install(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.H2MultiplexHandler) == null) {
			return false;
		}
		if (pipeline.get(NAME) == null) {
			pipeline.addBefore(NettyPipeline.H2MultiplexHandler, NAME, new Http2StreamErrors());
		}
		return true;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof Http2FrameStreamException streamError) {
			if (log.isDebugEnabled()) {
				log.debug("HTTP/2 stream error from the client on " + ctx.channel() + ", stream reset: "
						+ streamError.getCause());
			}
			// The stream closes on the reset, and with it the stream's channel and any request on it.
			ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error()).stream(streamError.stream()));
			return;
		}
		ctx.fireExceptionCaught(cause);
	}

	/** Installs the handler once the connection has become HTTP/2: after the TLS handshake or an upgrade. */
	private static final class Watcher extends ChannelInboundHandlerAdapter {

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (install(ctx.pipeline())) {
				ctx.pipeline().remove(this);
			}
			ctx.fireUserEventTriggered(event);
		}
	}
}
