package io.keepalivelab.link;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A running emulated link: a TCP proxy standing for one network link between clients and a server,
 * because this machine's kernel has no netem. Every chunk, FIN and RST is delayed by the link's
 * one-way delay in each direction, and every new connection pays the TCP handshake's round trip, so
 * connection reuse saves here what it saves on a real network. Bytes pass unchanged, whatever the
 * protocol (HTTP/1.1, TLS, HTTP/2). Runs on its own two threads (an event loop and a timer); close it
 * to stop.
 */
public final class Link implements AutoCloseable {

	/** The live counters behind {@link LinkStats}. */
	record Counters(AtomicLong opened, AtomicLong active, AtomicLong bytesClientToServer,
			AtomicLong bytesServerToClient) {

		Counters() {
			this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong());
		}

	}

	private final LinkConfig config;

	private final EventLoopGroup eventLoop;

	private final ScheduledExecutorService timer;

	private final Channel listener;

	private final Counters counters = new Counters();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private Link(LinkConfig config) {
		this.config = config;
		// Netty's buffer allocator sets itself up on first use (0.1 s here): better now than in a first request.
		ByteBufAllocator.DEFAULT.buffer().release();
		this.eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("link-" + config.name(), true),
				NioIoHandler.newFactory());
		this.timer = Executors.newSingleThreadScheduledExecutor(
				new DefaultThreadFactory("link-" + config.name() + "-timer", true));
		ChannelFuture bound = new ServerBootstrap().group(eventLoop)
			.channel(NioServerSocketChannel.class)
			.childOption(ChannelOption.AUTO_READ, false)
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel client) {
					accept(client);
				}
			})
			.bind(config.bindAddress(), config.listenPort())
			.awaitUninterruptibly();
		if (!bound.isSuccess()) {
			eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			timer.shutdownNow();
			throw new IllegalStateException("link '" + config.name() + "': cannot listen on " + config.bindAddress()
					+ ":" + config.listenPort() + ": " + bound.cause().getMessage(), bound.cause());
		}
		this.listener = bound.channel();
	}

	/** Starts listening; the link is ready when this returns. */
	public static Link start(LinkConfig config) {
		return new Link(config);
	}

	/** The port the link listens on: the configured one, or the one picked for port 0. */
	public int port() {
		return ((InetSocketAddress) listener.localAddress()).getPort();
	}

	public LinkConfig config() {
		return config;
	}

	public LinkStats stats() {
		return new LinkStats(counters.opened().get(), counters.active().get(), counters.bytesClientToServer().get(),
				counters.bytesServerToClient().get());
	}

	/** Stops listening and closes every connection at once (both peers see a FIN). */
	@Override
	public void close() {
		listener.close().syncUninterruptibly();
		connections.forEach(Connection::close);
		eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		timer.shutdownNow();
	}

	/** The start-up line, e.g. {@code link customer: 127.0.0.1:18080 -> 127.0.0.1:8080, one-way 15 ms}. */
	@Override
	public String toString() {
		String jitter = config.jitter().isZero() ? "" : " +/- " + LinkConfig.millis(config.jitter()) + " ms";
		return "link " + config.name() + ": " + config.bindAddress() + ":" + port() + " -> " + config.targetHost()
				+ ":" + config.targetPort() + ", one-way " + LinkConfig.millis(config.delay()) + " ms" + jitter;
	}

	private void accept(Channel client) {
		Connection connection = new Connection(client, config, counters, timer);
		connections.add(connection);
		counters.opened().incrementAndGet();
		counters.active().incrementAndGet();
		connection.whenClosed(() -> {
			connections.remove(connection);
			counters.active().decrementAndGet();
		});
	}

}
