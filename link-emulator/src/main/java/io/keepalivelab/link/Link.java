package io.keepalivelab.link;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>
 * Faults, switched from any thread while the link runs, reproduce what connection pools meet in
 * production: a NAT that forgets idle connections ({@link #idleDrop}), a frozen peer ({@link #freeze}),
 * resets ({@link #resetNow}, {@link #resetAfterBytes}). Each switch is in force when its method returns.
 */
public final class Link implements AutoCloseable {

	/** The live counters behind {@link LinkStats}. */
	record Counters(AtomicLong opened, AtomicLong active, AtomicLong bytesClientToServer,
			AtomicLong bytesServerToClient, AtomicLong dropped, AtomicLong reset, AtomicLong freezes,
			AtomicLong bytesDiscarded) {

		Counters() {
			this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
					new AtomicLong(), new AtomicLong(), new AtomicLong());
		}

	}

	/** Replaced, never changed, when the delay changes: a chunk reads one consistent delay and jitter. */
	private volatile LinkConfig config;

	private final EventLoopGroup eventLoop;

	private final ScheduledExecutorService timer;

	private final Channel listener;

	private final Counters counters = new Counters();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	// The faults in force: switched on the event loop, which owns the connections, and read by faults().

	private volatile Duration idleDropAfter;

	private volatile long resetAfterBytes = Connection.NO_RESET;

	private volatile boolean frozen;

	private volatile long frozenUntil;

	private Future<?> idleSweep;

	private Future<?> thawing;

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

	/**
	 * Changes the one-way delay and its jitter from now on, on new and open connections alike: a chunk read from
	 * now on pays the new delay, and still never overtakes one read before it.
	 */
	public void delay(Duration delay, Duration jitter) {
		this.config = config.withDelay(delay, jitter);
	}

	public LinkStats stats() {
		return new LinkStats(counters.opened().get(), counters.active().get(), counters.bytesClientToServer().get(),
				counters.bytesServerToClient().get(), counters.dropped().get(), counters.reset().get(),
				counters.freezes().get(), counters.bytesDiscarded().get());
	}

	public LinkFaults faults() {
		long bytes = resetAfterBytes;
		long frozenFor = frozen ? Math.max(0, frozenUntil - System.nanoTime()) : 0;
		return new LinkFaults(Optional.ofNullable(idleDropAfter), Duration.ofNanos(frozenFor),
				(bytes == Connection.NO_RESET) ? OptionalLong.empty() : OptionalLong.of(bytes));
	}

	/**
	 * From now on, forgets each connection that carries nothing either way for longer than {@code after},
	 * as a NAT or a cloud load balancer does: what its peers send then vanishes, and neither gets a FIN or
	 * a RST for it. A connection already idle that long is forgotten at once.
	 */
	public void idleDrop(Duration after) {
		LinkFaults.requireDuration("idle-drop", after);
		onEventLoop(() -> {
			idleDropAfter = after;
			cancel(idleSweep);
			dropIdleConnections();
		});
	}

	/**
	 * Holds all traffic of every connection, new ones included, for {@code duration}, then delivers it in
	 * order with the normal delay, as a frozen container would. A freeze in progress is extended to the
	 * later end, not shortened.
	 */
	public void freeze(Duration duration) {
		LinkFaults.requireDuration("freeze", duration);
		onEventLoop(() -> {
			long until = System.nanoTime() + duration.toNanos();
			if (frozen && frozenUntil - until >= 0) {
				return;
			}
			frozenUntil = until;
			if (!frozen) {
				frozen = true;
				counters.freezes().incrementAndGet();
				connections.forEach(Connection::freeze);
			}
			cancel(thawing);
			thawing = eventLoop.schedule(this::thaw, duration.toNanos(), TimeUnit.NANOSECONDS);
		});
	}

	/** Resets every current connection at once: both peers get a RST, what was on its way is lost. */
	public void resetNow() {
		onEventLoop(() -> connections.forEach(Connection::reset));
	}

	/**
	 * From now on, resets each connection, current or new, once it has carried {@code bytes} more bytes
	 * (both ways together): the bytes up to that count still pass, then both peers get a RST.
	 */
	public void resetAfterBytes(long bytes) {
		LinkFaults.requireBytes("reset after", bytes);
		onEventLoop(() -> {
			resetAfterBytes = bytes;
			connections.forEach((connection) -> connection.resetAfter(bytes));
		});
	}

	/**
	 * Switches idle-drop and reset-after-bytes off, and ends a freeze now, releasing what it held.
	 * Connections already forgotten stay forgotten, as they would at a NAT.
	 */
	public void clearFaults() {
		onEventLoop(() -> {
			idleDropAfter = null;
			cancel(idleSweep);
			resetAfterBytes = Connection.NO_RESET;
			connections.forEach((connection) -> connection.resetAfter(Connection.NO_RESET));
			cancel(thawing);
			thaw();
		});
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
		Connection connection = new Connection(client, this::config, counters, timer);
		connection.resetAfter(resetAfterBytes);
		if (frozen) {
			connection.freeze();
		}
		connections.add(connection);
		counters.opened().incrementAndGet();
		counters.active().incrementAndGet();
		connection.whenClosed(() -> {
			connections.remove(connection);
			counters.active().decrementAndGet();
		});
	}

	/** Forgets the connections idle for too long, then sleeps until the next one could be. */
	private void dropIdleConnections() {
		long after = idleDropAfter.toNanos();
		long now = System.nanoTime();
		long next = now + after;
		for (Connection connection : connections) {
			long dropAt = connection.quietSince(now) + after;
			if (dropAt - now <= 0) {
				connection.forget();
			}
			else if (dropAt - next < 0) {
				next = dropAt;
			}
		}
		idleSweep = eventLoop.schedule(this::dropIdleConnections, next - now, TimeUnit.NANOSECONDS);
	}

	private void thaw() {
		if (frozen) {
			frozen = false;
			connections.forEach(Connection::thaw);
		}
	}

	/** Runs a fault switch on the event loop, which owns the connections' state, and waits for it. */
	private void onEventLoop(Runnable change) {
		eventLoop.submit(change).syncUninterruptibly();
	}

	private static void cancel(Future<?> task) {
		if (task != null) {
			task.cancel(false);
		}
	}

}
