package io.keepalivelab.link;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * One client connection through a link: the accepted client channel, the link's own channel to the
 * server, and a {@link Pipe} each way. Both channels share one event loop, so nothing here is locked.
 * <p>
 * The TCP handshake is emulated by holding bytes back: on loopback the client's connect returns at
 * once, but over the link it would return one round trip after the SYN was sent, so the client's
 * bytes leave no earlier than {@code accept + 2d}; the server's accept would return when the client's
 * ACK arrives, so the server's bytes leave no earlier than {@code accept + 3d}. The link's own
 * connect to the server is not delayed; a refused one reaches the client as a RST at
 * {@code accept + 4d}, where a real refusal would arrive at {@code 2d}.
 * <p>
 * Faults act here. Frozen, both pipes hold everything. Forgotten (idle-drop), the connection is what
 * it is to a NAT that timed it out: what either side sends is read and thrown away, and nothing either
 * side does reaches the other; a side that closes gets its own socket closed, no more. Reset now, both
 * peers get a RST at once. With a byte budget, the bytes within it still pass, then a RST follows them
 * each way.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9293#section-3.5 (three-way handshake)
@ChannelHandler.Sharable
final class Connection extends ChannelInboundHandlerAdapter {

	/** The byte budget when no reset-after-bytes is in force: no connection spends it. */
	static final long NO_RESET = Long.MAX_VALUE;

	private final Channel client;

	private final Channel server;

	private final Pipe up;

	private final Pipe down;

	private final Link.Counters counters;

	private long bytesBeforeReset = NO_RESET;

	private boolean ended;

	private boolean forgotten;

	Connection(Channel client, Supplier<LinkConfig> linkConfig, Link.Counters counters, ScheduledExecutorService timer) {
		long acceptedAt = System.nanoTime();
		LinkConfig config = linkConfig.get();
		long oneWay = config.delay().toNanos();
		this.client = client;
		this.counters = counters;
		// Only registration and activation can fire while connecting: no pipe is needed before both exist.
		ChannelFuture connected = new Bootstrap().group(client.eventLoop())
			.channel(NioSocketChannel.class)
			.option(ChannelOption.AUTO_READ, false)
			.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(this)
			.connect(new InetSocketAddress(config.targetHost(), config.targetPort()));
		this.server = connected.channel();
		this.up = new Pipe(client, server, linkConfig, acceptedAt + 2 * oneWay, counters.bytesClientToServer(), timer,
				this::finDelivered);
		this.down = new Pipe(server, client, linkConfig, acceptedAt + 3 * oneWay, counters.bytesServerToClient(), timer,
				this::finDelivered);
		client.pipeline().addLast(this);
		connected.addListener((connect) -> {
			if (connect.isSuccess()) {
				up.updateReading();
				down.updateReading();
			}
			else {
				peerReset(server);
			}
		});
	}

	/** Runs the action once both channels are closed. */
	void whenClosed(Runnable action) {
		client.closeFuture().addListener((c) -> server.closeFuture().addListener((s) -> action.run()));
	}

	/** Ends the connection at once, dropping what is on its way: both peers see a FIN. */
	void close() {
		if (!client.eventLoop().inEventLoop()) {
			client.eventLoop().execute(this::close);
			return;
		}
		ended = true;
		up.discard();
		down.discard();
		client.close();
		server.close();
	}

	void freeze() {
		up.freeze();
		down.freeze();
	}

	void thaw() {
		up.thaw();
		down.thaw();
	}

	/** Since when the connection carried nothing either way: {@code now} while anything is on its way. */
	long quietSince(long now) {
		return Pipe.later(up.quietSince(now), down.quietSince(now));
	}

	/** Forgets the connection as a NAT forgets an idle one, unless it has ended or is forgotten already. */
	void forget() {
		if (!ended && !forgotten) {
			forgotten = true;
			counters.dropped().incrementAndGet();
			up.forget();
			down.forget();
		}
	}

	/** Resets both peers at once, dropping what is on its way. */
	void reset() {
		if (endByReset()) {
			up.discard();
			down.discard();
			Pipe.reset(client);
			Pipe.reset(server);
		}
	}

	/** Resets the connection once it has carried this many more bytes, both ways together. */
	void resetAfter(long bytes) {
		bytesBeforeReset = bytes;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf data = (ByteBuf) msg;
		if (forgotten) {
			counters.bytesDiscarded().addAndGet(data.readableBytes());
			data.release();
		}
		else if (data.readableBytes() < bytesBeforeReset) {
			bytesBeforeReset -= data.readableBytes();
			from(ctx.channel()).send(data);
		}
		else {
			from(ctx.channel()).send(data.readRetainedSlice((int) bytesBeforeReset));
			data.release();
			bytesBeforeReset = NO_RESET;
			if (endByReset()) {
				up.sendReset();
				down.sendReset();
			}
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event != ChannelInputShutdownEvent.INSTANCE) {
			return;
		}
		if (forgotten) {
			ctx.close(); // the FIN goes no further: the other side never learns
		}
		else {
			from(ctx.channel()).sendFin();
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		to(ctx.channel()).updateReading();
	}

	/** A read or write failed: the peer reset the connection. */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		peerReset(ctx.channel());
	}

	/** Closed while the connection had not ended: a reset too, noticed by Netty rather than by us. */
	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		peerReset(ctx.channel());
	}

	private void peerReset(Channel peer) {
		if (forgotten) {
			peer.close(); // the RST goes no further: the other side never learns
			return;
		}
		if (ended) {
			return;
		}
		ended = true;
		from(peer).sendReset();
		to(peer).discard();
		peer.close();
	}

	/** Ends the connection as reset by the fault; false if it was ending already. */
	private boolean endByReset() {
		if (ended) {
			return false;
		}
		ended = true;
		counters.reset().incrementAndGet();
		return true;
	}

	private void finDelivered() {
		if (up.finDelivered() && down.finDelivered()) {
			close();
		}
	}

	private Pipe from(Channel channel) {
		return (channel == client) ? up : down;
	}

	private Pipe to(Channel channel) {
		return (channel == client) ? down : up;
	}

}
