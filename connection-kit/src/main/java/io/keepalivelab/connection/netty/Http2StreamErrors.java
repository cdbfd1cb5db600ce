package io.keepalivelab.connection.netty;

import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
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
 * <p>
 * A malformed request (RFC 9113 8.1.1: no {@code :method}, no {@code :path}, a method or a path that is no
 * HTTP/1.1 request line) is a stream error too, answered the same way here, before Reactor Netty's stream
 * pipeline turns the HEADERS into an HTTP/1.1 request: Netty's {@code HttpConversionUtil} allocates the body
 * of a request whose HEADERS end the stream before it reads the request line, and never releases it when the
 * request line fails.
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

	/** The highest stream a request opened: HEADERS above it open a stream, HEADERS at or below it are trailers. */
	private int lastOpened;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Http2HeadersFrame headers && headers.stream() != null
				&& headers.stream().id() > this.lastOpened) {
			this.lastOpened = headers.stream().id();
			Optional<String> malformed = malformed(headers.headers());
			if (malformed.isPresent()) {
				if (log.isDebugEnabled()) {
					log.debug("Malformed HTTP/2 request on " + ctx.channel() + ", stream " + headers.stream().id()
							+ " reset: " + malformed.get());
				}
				ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(headers.stream()));
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	/**
	 * Why a request's headers make no HTTP/1.1 request line, as Reactor Netty's stream pipeline needs one; empty
	 * when they do. The same steps as Netty's {@code HttpConversionUtil.toFullHttpRequest}, without its buffer.
	 */
	static Optional<String> malformed(Http2Headers headers) {
		CharSequence method = headers.method();
		if (method == null) {
			return Optional.of("no :method");
		}
		boolean connect = HttpMethod.CONNECT.asciiName().contentEqualsIgnoreCase(method);
		CharSequence target = connect ? headers.authority() : headers.path();
		if (target == null) {
			return Optional.of(connect ? "CONNECT without :authority" : "no :path");
		}
		try {
			new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.toString()), target.toString());
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.of("no HTTP/1.1 request line from :method '" + method + "' and '" + target + "': "
					+ ex.getMessage());
		}
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
