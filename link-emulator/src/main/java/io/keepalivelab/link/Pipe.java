package io.keepalivelab.link;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;

/**
 * One direction of a connection through a link: what is read from the source channel waits here
 * until its delivery time, then goes to the destination channel, in the order it was read. A FIN
 * becomes a shutdown of the destination's output, a RST an abortive close of the destination.
 * Reading from the source stops while too much is on its way. Only the channels' event loop calls it.
 * <p>
 * Faults: while the pipe is frozen, nothing is delivered and what is read is held; when it thaws,
 * what was due is delivered, then what was held, sent anew with the normal delay. Once the link has
 * forgotten the connection (idle-drop), the source is read whatever the destination can take, so
 * that what it sends vanishes as it would at a NAT that no longer knows the connection.
 * <p>
 * Timing: Netty's NIO event loop sleeps in whole milliseconds and busy-polls through the last half
 * millisecond before a scheduled task, which would keep a core spinning on a 0.5 ms link; a sleeping
 * thread wakes about 0.1 ms late. So a timer thread sleeps until {@link #POLL_NANOS} before the next
 * delivery, and the event loop polls for the rest. (The epoll transport sleeps precisely, but in Netty
 * 4.2.15 it fails a half-closed channel that must read or write again: the fd is dropped from epoll.)
 */
final class Pipe {

	/** Bytes on their way before the source is no longer read: bounds memory, as a TCP window does. */
	static final int MAX_QUEUED_BYTES = 1024 * 1024;

	/** How long before a delivery the event loop takes over from the timer thread and polls. */
	static final long POLL_NANOS = 100_000;

	private enum Kind {

		DATA, FIN, RST

	}

	private record Event(Kind kind, ByteBuf data, long deliverAt) {
	}

	private final Channel source;

	private final Channel destination;

	/** The link's configuration now: its delay may change while the connection lives. */
	private final Supplier<LinkConfig> config;

	private final long openAt;

	private final AtomicLong bytesRead;

	private final ScheduledExecutorService timer;

	private final Runnable onFinDelivered;

	private final ArrayDeque<Event> queue = new ArrayDeque<>();

	/** Read while frozen: events get their delivery time when the pipe thaws. */
	private final ArrayDeque<Event> held = new ArrayDeque<>();

	private long lastDeliverAt;

	/** When a byte was last read from the source or written to the destination. */
	private long lastTrafficAt;

	private long queuedBytes;

	private boolean wakeUpPending;

	private boolean frozen;

	private boolean forgotten;

	private boolean finQueued;

	private boolean closed;

	private boolean finDelivered;

	/**
	 * @param openAt         {@link System#nanoTime()} before which nothing leaves the source side
	 *                       (its end of the TCP handshake is not complete)
	 * @param bytesRead      the link's counter for this direction
	 * @param timer          wakes the pipe when its next event is due
	 * @param onFinDelivered run once the destination's output is shut down
	 */
	Pipe(Channel source, Channel destination, Supplier<LinkConfig> config, long openAt, AtomicLong bytesRead,
			ScheduledExecutorService timer, Runnable onFinDelivered) {
		this.source = source;
		this.destination = destination;
		this.config = config;
		this.openAt = openAt;
		this.lastDeliverAt = openAt;
		this.lastTrafficAt = System.nanoTime();
		this.bytesRead = bytesRead;
		this.timer = timer;
		this.onFinDelivered = onFinDelivered;
	}

	void send(ByteBuf data) {
		if (finQueued || closed) {
			data.release();
			return;
		}
		bytesRead.addAndGet(data.readableBytes());
		lastTrafficAt = System.nanoTime();
		queuedBytes += data.readableBytes();
		enqueue(Kind.DATA, data);
		updateReading();
	}

	void sendFin() {
		if (!finQueued && !closed) {
			finQueued = true;
			enqueue(Kind.FIN, null);
		}
	}

	/** Also after a FIN: a peer that closed and then received data answers with a RST. */
	void sendReset() {
		if (!closed) {
			closed = true;
			enqueue(Kind.RST, null);
		}
	}

	/** Drops everything on its way: its destination is gone. */
	void discard() {
		closed = true;
		Stream.concat(queue.stream(), held.stream())
			.map(Event::data)
			.filter(Objects::nonNull)
			.forEach(ByteBuf::release);
		queue.clear();
		held.clear();
		queuedBytes = 0;
	}

	void freeze() {
		frozen = true;
	}

	void thaw() {
		frozen = false;
		for (Event event = held.poll(); event != null; event = held.poll()) {
			enqueue(event.kind(), event.data());
		}
		if (!wakeUpPending) {
			deliverDue();
		}
	}

	/** The link forgot the connection: drops what is on its way and reads the source from now on. */
	void forget() {
		discard();
		forgotten = true;
		updateReading();
	}

	/** Since when this direction carried nothing: {@code now} while anything is on its way or held. */
	long quietSince(long now) {
		return (queue.isEmpty() && held.isEmpty()) ? lastTrafficAt : now;
	}

	boolean finDelivered() {
		return finDelivered;
	}

	/** Reads the source only while the destination is connected and can take more, or it is forgotten. */
	void updateReading() {
		boolean read = forgotten ? source.isActive()
				: !closed && destination.isActive() && destination.isWritable() && queuedBytes < MAX_QUEUED_BYTES;
		if (source.config().isAutoRead() != read) {
			source.config().setAutoRead(read);
		}
	}

	private void enqueue(Kind kind, ByteBuf data) {
		if (frozen) {
			held.add(new Event(kind, data, 0));
			return;
		}
		long sentAt = later(System.nanoTime(), openAt);
		lastDeliverAt = later(sentAt + sampleDelay(), lastDeliverAt);
		queue.add(new Event(kind, data, lastDeliverAt));
		if (!wakeUpPending) {
			deliverDue();
		}
	}

	private long sampleDelay() {
		LinkConfig now = config.get();
		long delayNanos = now.delay().toNanos();
		long jitterNanos = now.jitter().toNanos();
		return (jitterNanos == 0) ? delayNanos
				: delayNanos + ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
	}

	/** Called only while no wake-up is pending: two would each schedule the next, for ever. */
	private void deliverDue() {
		if (frozen) {
			return;
		}
		long now = System.nanoTime();
		boolean wrote = false;
		for (Event event = queue.peek(); event != null && event.deliverAt() - now <= 0; event = queue.peek()) {
			queue.poll();
			switch (event.kind()) {
				case DATA -> {
					queuedBytes -= event.data().readableBytes();
					destination.write(event.data(), destination.voidPromise());
					lastTrafficAt = now;
					wrote = true;
				}
				case FIN -> destination.writeAndFlush(Unpooled.EMPTY_BUFFER)
					.addListener((written) -> ((DuplexChannel) destination).shutdownOutput()
						.addListener((shutdown) -> {
							finDelivered = true;
							onFinDelivered.run();
						}));
				case RST -> resetDestination();
			}
		}
		if (wrote) {
			destination.flush();
		}
		if (!queue.isEmpty()) {
			wakeUpAt(queue.peek().deliverAt());
		}
		updateReading();
	}

	private void wakeUpAt(long deliverAt) {
		wakeUpPending = true;
		Runnable wakeUp = () -> {
			wakeUpPending = false;
			deliverDue();
		};
		long remaining = deliverAt - System.nanoTime();
		if (remaining <= POLL_NANOS) {
			destination.eventLoop().schedule(wakeUp, remaining, TimeUnit.NANOSECONDS);
		}
		else {
			timer.schedule(() -> destination.eventLoop().execute(wakeUp), remaining - POLL_NANOS,
					TimeUnit.NANOSECONDS);
		}
	}

	/** What was due before the RST leaves first: the close would drop it. */
	private void resetDestination() {
		destination.flush();
		reset(destination);
	}

	/** Closes the channel abortively: its peer sees a RST, and what was not yet sent is dropped. */
	// Reference: https://man7.org/linux/man-pages/man7/socket.7.html (SO_LINGER: a zero timeout resets)
	static void reset(Channel channel) {
		if (channel.isOpen()) {
			channel.config().setOption(ChannelOption.SO_LINGER, 0);
			channel.close();
		}
	}

	static long later(long nanoTimeA, long nanoTimeB) {
		return (nanoTimeA - nanoTimeB >= 0) ? nanoTimeA : nanoTimeB;
	}

}
