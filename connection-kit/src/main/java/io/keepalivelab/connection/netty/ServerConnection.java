package io.keepalivelab.connection.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import reactor.netty.NettyPipeline;

/**
 * One connection accepted by the server, as {@link NettyServerPolicy} sees it: whether a request is in
 * flight and since when it has been idle. Two handlers around the HTTP/1.1 codec keep track: before the
 * codec, any bytes mark the connection busy, so a request still being read counts as in flight; after it,
 * a response written in full makes the connection idle again once no other request is waiting.
 * <p>
 * The state is written on the connection's event loop only. The policy reads it from other event loops to
 * choose whom to evict, then checks it again on this one before closing.
 */
final class ServerConnection {

	final Channel channel;

	private final NettyServerPolicy policy;

	/** Requests decoded and not yet answered in full: more than one when the client pipelines. */
	private int requestsInFlight;

	private int responses;

	private boolean informationalResponse;

	private boolean http2;

	private volatile boolean idle;

	private volatile long idleSince = System.nanoTime();

	/** Guarded by the policy: an eviction of this connection is on its way to the event loop. */
	boolean evicting;

	ServerConnection(NettyServerPolicy policy, Channel channel) {
		this.policy = policy;
		this.channel = channel;
	}

	/**
	 * Tracks requests when the connection starts as HTTP/1.1 (clear text, or TLS without ALPN). A connection
	 * that negotiates its protocol with ALPN has no codec yet: it stays untracked, hence never idle.
	 */
	void track() {
		ChannelPipeline pipeline = channel.pipeline();
		ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
		if (codec == null || pipeline.get(NettyPipeline.HttpTrafficHandler) == null) {
			return;
		}
		pipeline.addBefore(codec.name(), "keepalive-lab.requestBytes", new RequestBytes());
		// Before Reactor Netty's traffic handler, after its idle timeout handler: sees every request as it is
		// decoded, every response as it goes out, and the idle timeout's event.
		pipeline.addBefore(NettyPipeline.HttpTrafficHandler, "keepalive-lab.exchanges", new Exchanges());
		idle = true;
	}

	/** Read from any thread: a hint for choosing whom to evict. */
	boolean idle() {
		return idle;
	}

	long idleSince() {
		return idleSince;
	}

	/** On the event loop: the final word before an eviction closes the connection. */
	boolean stillIdle() {
		if (channel.pipeline().get(Http2FrameCodec.class) != null) {
			becameHttp2();
		}
		return idle && channel.isActive();
	}

	/** h2c, by upgrade or prior knowledge: its streams are not tracked here, so it is never idle again. */
	private void becameHttp2() {
		http2 = true;
		idle = false;
	}

	private void busy() {
		idle = false;
	}

	private void responseWritten() {
		requestsInFlight = Math.max(0, requestsInFlight - 1);
		if (requestsInFlight == 0 && !http2) {
			idleSince = System.nanoTime();
			idle = true;
			policy.connectionIdle();
		}
	}

	/** The first bytes of a request: busy from now, before the codec has read the whole head. */
	private final class RequestBytes extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
				busy();
			}
			ctx.fireChannelRead(msg);
		}
	}

	private final class Exchanges extends ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				requestsInFlight++;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof HttpResponse response) {
				informationalResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
				if (!informationalResponse && ++responses == policy.maxKeepAliveRequests()
						&& !HttpUtil.isKeepAlive(response)) {
					policy.closedAtRequestLimit();
				}
			}
			if (msg instanceof LastHttpContent && !informationalResponse) {
				// Idle once the response is on the wire: closing earlier could drop its unflushed end.
				ctx.write(msg, promise.unvoid()).addListener(written -> responseWritten());
				return;
			}
			ctx.write(msg, promise);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			// Reactor Netty's idle timeout handler closes an HTTP/1.1 connection, then passes its event on.
			if (event instanceof IdleStateEvent timeout && timeout.state() == IdleState.ALL_IDLE && timeout.isFirst()
					&& !http2) {
				policy.closedIdle();
			}
			if (event instanceof UpgradeEvent || event instanceof PriorKnowledgeUpgradeEvent) {
				becameHttp2();
			}
			ctx.fireUserEventTriggered(event);
		}
	}
}
