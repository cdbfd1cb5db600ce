package io.keepalivelab.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.testsupport.Ports;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link between blocking sockets in the test and a server socket in the test: delays, payloads,
 * half-close, resets and counters.
 */
class LinkTests extends AbstractLinkTests {

	private static final Duration DELAY = Duration.ofMillis(30);

	@Test
	void delaysEachDirectionByTheOneWayDelay() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("both-ways", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		long sentAt = System.nanoTime();
		client.getOutputStream().write('?');
		peer.getInputStream().read();
		long arrivedAt = System.nanoTime();
		peer.getOutputStream().write('!');
		client.getInputStream().read();
		long backAt = System.nanoTime();

		assertAtLeast(DELAY, arrivedAt - sentAt, "client to server");
		assertAtLeast(DELAY, backAt - arrivedAt, "server to client");
	}

	@Test
	void medianDelayEachWayIsTheOneWayDelayNotMore() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("bounded", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);

		long[] oneWay = medianOneWayDelays(client, peer);

		assertAtLeast(DELAY, oneWay[0], "client to server");
		assertAtMostWithMargin(DELAY, oneWay[0], "client to server");
		assertAtLeast(DELAY, oneWay[1], "server to client");
		assertAtMostWithMargin(DELAY, oneWay[1], "server to client");
	}

	@Test
	void aNewDelayAppliesToAnOpenConnectionFromItsNextChunkOn() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("changed", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		link.delay(Duration.ZERO, Duration.ZERO);
		long[] atZero = medianOneWayDelays(client, peer);
		link.delay(DELAY, Duration.ZERO);
		long[] back = medianOneWayDelays(client, peer);

		// The same connection, below the old delay at 0 ms and held to it again once it is restored.
		assertTrue(atZero[0] < DELAY.toNanos() && atZero[1] < DELAY.toNanos(),
				() -> "at 0 ms a round trip still took " + atZero[0] / 1e6 + " + " + atZero[1] / 1e6 + " ms");
		assertAtLeast(DELAY, back[0], "client to server, delay restored");
		assertAtLeast(DELAY, back[1], "server to client, delay restored");
		assertEquals(Duration.ZERO, LinkConfig.loopback("x", 1, DELAY).withDelay(Duration.ZERO, Duration.ZERO).delay());
	}

	@Test
	void newConnectionsFirstResponseTakesTheHandshakeAndOneRoundTripNotMore() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("bounded-handshake", server.getLocalPort(), DELAY));
		long[] firstByte = new long[SAMPLES];
		long[] response = new long[SAMPLES];
		for (int i = 0; i < SAMPLES; i++) {
			long connectAt = System.nanoTime();
			Socket client = connect(link);
			client.getOutputStream().write('?');
			Socket peer = accept(server);
			peer.getInputStream().read();
			firstByte[i] = System.nanoTime() - connectAt;
			peer.getOutputStream().write('!');
			client.getInputStream().read();
			response[i] = System.nanoTime() - connectAt;
			client.close();
			peer.close();
		}

		assertAtMostWithMargin(DELAY.multipliedBy(3), median(firstByte), "first byte at the server");
		assertAtMostWithMargin(DELAY.multipliedBy(4), median(response), "response at the client");
	}

	@Test
	void newConnectionHoldsClientBytesUntilTheHandshakeRoundTripIsOver() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("handshake", server.getLocalPort(), DELAY));

		long connectAt = System.nanoTime();
		Socket client = connect(link);
		client.getOutputStream().write('?');
		Socket peer = accept(server);
		peer.getInputStream().read();
		long firstByteAt = System.nanoTime();
		peer.getOutputStream().write('!');
		client.getInputStream().read();
		long responseAt = System.nanoTime();

		assertAtLeast(DELAY.multipliedBy(3), firstByteAt - connectAt, "first byte at the server");
		assertAtLeast(DELAY.multipliedBy(4), responseAt - connectAt, "response at the client");
	}

	@Test
	void randomPayloadsArriveIntactAndInOrderBothWaysDespiteJitter() throws Exception {
		ServerSocket server = server();
		Link link = start(
				LinkConfig.loopback("payloads", server.getLocalPort(), Duration.ofMillis(20)).withJitter(Duration.ofMillis(10)));
		Socket client = connect(link);
		Socket peer = accept(server);
		byte[] upload = randomBytes(5 * 1024 * 1024, 1);
		byte[] download = randomBytes(3 * 1024 * 1024, 2);

		Future<?> uploading = threads.submit(() -> sendAndShutdown(client, upload));
		Future<?> downloading = threads.submit(() -> sendAndShutdown(peer, download));
		Future<byte[]> uploaded = threads.submit(() -> peer.getInputStream().readAllBytes());
		byte[] downloaded = client.getInputStream().readAllBytes();
		uploading.get(10, TimeUnit.SECONDS);
		downloading.get(10, TimeUnit.SECONDS);

		assertArrayEquals(sha256(upload), sha256(uploaded.get(10, TimeUnit.SECONDS)));
		assertArrayEquals(sha256(download), sha256(downloaded));
		assertEquals(upload.length, link.stats().bytesClientToServer());
		assertEquals(download.length, link.stats().bytesServerToClient());
	}

	@Test
	void halfCloseReachesTheServerWhileItsAnswerStillFlows() throws IOException {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("half-close", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
		client.shutdownOutput();
		long finSentAt = System.nanoTime();
		assertEquals("request", new String(peer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
		long finArrivedAt = System.nanoTime();
		peer.getOutputStream().write("response".getBytes(StandardCharsets.US_ASCII));
		peer.shutdownOutput();

		assertEquals("response", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
		assertAtLeast(DELAY, finArrivedAt - finSentAt, "FIN to the server");
	}

	@Test
	void countsConnectionsAndBytesEachWay() throws Exception {
		ServerSocket server = server();
		threads.submit(() -> echo(server));
		Link link = start(LinkConfig.loopback("counters", server.getLocalPort(), Duration.ofMillis(5)));
		Socket first = connect(link);
		Socket second = connect(link);

		echoed(first, 100);
		echoed(second, 50);
		assertEquals(new LinkStats(2, 2, 150, 150, 0, 0, 0, 0), link.stats());

		first.close();
		second.close();
		awaitStats(link, (stats) -> stats.connectionsActive() == 0);
		assertEquals(new LinkStats(2, 0, 150, 150, 0, 0, 0, 0), link.stats());
	}

	@Test
	void clientResetReachesTheServerAfterTheDelay() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("client-reset", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		client.setSoLinger(true, 0);
		long resetAt = System.nanoTime();
		client.close();

		assertThrows(SocketException.class, () -> peer.getInputStream().read());
		assertAtLeast(DELAY, System.nanoTime() - resetAt, "RST to the server");
		awaitStats(link, (stats) -> stats.connectionsActive() == 0);
	}

	@Test
	void serverResetReachesTheClientAfterTheDelay() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("server-reset", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		peer.setSoLinger(true, 0);
		long resetAt = System.nanoTime();
		peer.close();

		assertThrows(SocketException.class, () -> client.getInputStream().read());
		assertAtLeast(DELAY, System.nanoTime() - resetAt, "RST to the client");
		awaitStats(link, (stats) -> stats.connectionsActive() == 0);
	}

	@Test
	void refusedServerConnectionResetsTheClient() throws Exception {
		Link link = start(LinkConfig.loopback("refused", Ports.closed(), DELAY));
		Socket client = connect(link);

		assertThrows(SocketException.class, () -> client.getInputStream().read());
		awaitStats(link, (stats) -> stats.connectionsOpened() == 1 && stats.connectionsActive() == 0);
	}

	@Test
	void busyListenPortFailsWithTheLinkName() throws IOException {
		ServerSocket taken = server();
		LinkConfig config = new LinkConfig("busy", LinkConfig.LOOPBACK, taken.getLocalPort(), LinkConfig.LOOPBACK, 80,
				DELAY, Duration.ZERO);

		IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Link.start(config));
		assertTrue(failure.getMessage().startsWith("link 'busy': cannot listen on 127.0.0.1:" + taken.getLocalPort()),
				failure::getMessage);
	}

	@Test
	void describesItselfInOneLine() {
		Link link = start(new LinkConfig("customer", LinkConfig.LOOPBACK, 0, "backend", 8080, Duration.ofMillis(15),
				Duration.ofNanos(500_000)));

		assertEquals("link customer: 127.0.0.1:" + link.port() + " -> backend:8080, one-way 15 ms +/- 0.5 ms",
				link.toString());
	}

	private static void echoed(Socket client, int length) throws IOException {
		byte[] sent = randomBytes(length, length);
		client.getOutputStream().write(sent);
		assertArrayEquals(sent, client.getInputStream().readNBytes(length));
	}

	private Void echo(ServerSocket server) throws IOException {
		while (true) {
			Socket peer = accept(server);
			threads.submit(() -> {
				try (peer) {
					peer.getInputStream().transferTo(peer.getOutputStream());
				}
				return null;
			});
		}
	}

	private static Void sendAndShutdown(Socket socket, byte[] bytes) throws IOException {
		OutputStream out = socket.getOutputStream();
		Random chunks = new Random(bytes.length);
		for (int offset = 0; offset < bytes.length;) {
			int length = Math.min(1 + chunks.nextInt(64 * 1024), bytes.length - offset);
			out.write(bytes, offset, length);
			offset += length;
		}
		socket.shutdownOutput();
		return null;
	}

	private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

}
