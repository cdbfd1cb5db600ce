package io.keepalivelab.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What tests of a running link share: links, a server socket and blocking sockets on loopback, all
 * closed after each test. Noise can only add time, so a single duration is checked from below only; the
 * delay a link adds is its contract, so it is checked from above as well, on the median of many samples.
 */
abstract class AbstractLinkTests {

	/**
	 * How far a median delay may exceed the configured one. The median of {@link #SAMPLES} drops the outliers
	 * of a shared 2-core machine (a GC pause, a descheduled thread); what is left is the link's own overhead
	 * (below 0.1 ms here) and a few ms of scheduling noise under load. 15 ms is half the 30 ms one-way delay
	 * the bounded tests use, so a link that delays twice as long as configured fails them.
	 */
	static final Duration UPPER_MARGIN = Duration.ofMillis(15);

	/** Samples behind each median: odd, so the median is one of them. */
	static final int SAMPLES = 15;

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void closeResources() throws Exception {
		threads.shutdownNow();
		synchronized (resources) {
			for (AutoCloseable resource : resources) {
				resource.close();
			}
		}
	}

	Link start(LinkConfig config) {
		return closeLater(Link.start(config));
	}

	ServerSocket server() throws IOException {
		ServerSocket server = closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		server.setSoTimeout(5000);
		return server;
	}

	Socket connect(Link link) throws IOException {
		return configure(new Socket(InetAddress.getLoopbackAddress(), link.port()));
	}

	Socket accept(ServerSocket server) throws IOException {
		return configure(server.accept());
	}

	private Socket configure(Socket socket) throws IOException {
		socket.setSoTimeout(5000);
		socket.setTcpNoDelay(true);
		return closeLater(socket);
	}

	<T extends AutoCloseable> T closeLater(T resource) {
		synchronized (resources) {
			resources.push(resource);
		}
		return resource;
	}

	/** One round trip, so that what follows runs on an established connection. */
	static void exchange(Socket client, Socket peer) throws IOException {
		client.getOutputStream().write('?');
		peer.getInputStream().read();
		peer.getOutputStream().write('!');
		client.getInputStream().read();
	}

	static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static void assertAtLeast(Duration expected, long actualNanos, String what) {
		assertTrue(actualNanos >= expected.toNanos(),
				() -> what + " took " + actualNanos / 1e6 + " ms, less than " + expected.toMillis() + " ms");
	}

	/** Checks a median from above: at most {@code expected} plus {@link #UPPER_MARGIN}. */
	static void assertAtMostWithMargin(Duration expected, long medianNanos, String what) {
		Duration limit = expected.plus(UPPER_MARGIN);
		assertTrue(medianNanos <= limit.toNanos(), () -> what + " took " + medianNanos / 1e6 + " ms (median of "
				+ SAMPLES + "), more than " + expected.toMillis() + " ms + " + UPPER_MARGIN.toMillis() + " ms margin");
	}

	static long median(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	/**
	 * Round trips of one byte each way on an established connection through a link, each side timed: returns
	 * the median client-to-server and server-to-client times, in nanoseconds.
	 */
	static long[] medianOneWayDelays(Socket client, Socket peer) throws IOException {
		exchange(client, peer);
		long[] there = new long[SAMPLES];
		long[] back = new long[SAMPLES];
		for (int i = 0; i < SAMPLES; i++) {
			long sentAt = System.nanoTime();
			client.getOutputStream().write('?');
			peer.getInputStream().read();
			long arrivedAt = System.nanoTime();
			peer.getOutputStream().write('!');
			client.getInputStream().read();
			there[i] = arrivedAt - sentAt;
			back[i] = System.nanoTime() - arrivedAt;
		}
		return new long[] { median(there), median(back) };
	}

	static void awaitStats(Link link, Predicate<LinkStats> condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.test(link.stats())) {
			assertTrue(System.nanoTime() < deadline, () -> "gave up waiting, stats: " + link.stats());
			Thread.sleep(10);
		}
	}

}
