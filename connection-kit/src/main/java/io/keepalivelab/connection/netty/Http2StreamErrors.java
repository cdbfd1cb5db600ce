package io.keepalivelab.connection.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps a client's HTTP/2 stream errors (a WINDOW_UPDATE of 0 or past 2^31 - 1 on a stream, DATA that
 * contradicts content-length) out of the server's ERROR log. Netty's codec detects them and hands the
 * exception to the stream's own pipeline, then closes the stream (RST_STREAM) itself. There Reactor
 * Netty's last handler finds the request already answered or not yet bound, and its {@code ServerTransport}
 * logs it as {@code onUncaughtException} at ERROR: the client's protocol error, reported as the server's.
 * This handler sits just before that one on every stream, logs an {@link Http2Exception} at DEBUG and
 * passes nothing else on.
 */
final class Http2StreamErrors extends ChannelInboundHandlerAdapter {

	private static final Log log = LogFactory.getLog(Http2StreamErrors.class);

	private static final String NAME = "keepalive-lab.http2StreamErrors";

	/** Adds the handler to each HTTP/2 stream {@code server} opens for a request. */
	static HttpServer applyTo(HttpServer server) {
		return server.doOnConnection(Http2StreamErrors::streamOpened);
	}

	private static void streamOpened(Connection connection) {
		// Not through Connection.addHandlerLast: that removes the handler when the request ends, and the
		// errors come after it as well.
		var pipeline = connection.channel().pipeline();
		if (connection.channel() instanceof Http2StreamChannel && pipeline.get(NAME) == null
				&& pipeline.get(NettyPipeline.ReactiveBridge) != null) {
			pipeline.addBefore(NettyPipeline.ReactiveBridge, NAME, new Http2StreamErrors());
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof Http2Exception) {
			if (log.isDebugEnabled()) {
				log.debug("HTTP/2 stream error from the client on " + ctx.channel() + ": " + cause);
			}
			return;
		}
		ctx.fireExceptionCaught(cause);
	}
}
