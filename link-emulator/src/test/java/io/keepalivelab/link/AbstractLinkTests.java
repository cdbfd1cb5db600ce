package io.keepalivelab.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
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
 * closed after each test. Durations are only checked from below: noise can only add time.
 */
abstract class AbstractLinkTests {

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

	static void awaitStats(Link link, Predicate<LinkStats> condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.test(link.stats())) {
			assertTrue(System.nanoTime() < deadline, () -> "gave up waiting, stats: " + link.stats());
			Thread.sleep(10);
		}
	}

}
