package io.keepalivelab.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The faults a link switches on at run time, seen from both ends of its connections: the bytes that
 * arrive, the counters, and what a read reports (data, silence, the end of the stream or a reset).
 */
class LinkFaultTests extends AbstractLinkTests {

	private static final Duration DELAY = Duration.ofMillis(10);

	/** Many times the link's delay: a read that waits this long and gets nothing has met silence. */
	private static final int SILENCE_MILLIS = 300;

	@Test
	void idleDropForgetsAnIdleConnectionWithoutTellingEitherSide() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("idle-drop", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		link.idleDrop(Duration.ofMillis(100));
		awaitStats(link, (stats) -> stats.connectionsDropped() == 1);
		client.getOutputStream().write(new byte[7]);
		peer.getOutputStream().write(new byte[9]);

		assertSilence(peer);
		assertSilence(client);
		peer.close();
		assertSilence(client);
		awaitStats(link, (stats) -> stats.bytesDiscarded() == 16);
		assertThat(link.stats().connectionsReset()).isZero();
		assertThat(link.faults().idleDropAfter()).contains(Duration.ofMillis(100));
	}

	@Test
	void idleDropSparesABusyConnectionAndServesNewOnes() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("busy", server.getLocalPort(), DELAY));
		Socket busy = connect(link);
		Socket busyPeer = accept(server);
		Socket idle = connect(link);
		Socket idlePeer = accept(server);
		exchange(busy, busyPeer);
		exchange(idle, idlePeer);

		link.idleDrop(Duration.ofMillis(300));
		for (int round = 0; link.stats().connectionsDropped() == 0; round++) {
			assertThat(round).as("round trips before the idle connection was dropped").isLessThan(1000);
			exchange(busy, busyPeer);
		}
		exchange(busy, busyPeer);
		Socket fresh = connect(link);
		exchange(fresh, accept(server));
		assertThat(link.stats().connectionsDropped()).isEqualTo(1);

		idle.getOutputStream().write('?');
		assertSilence(idlePeer);
	}

	@Test
	void freezeHoldsBothDirectionsAndNewConnectionsThenReleasesEverythingInOrder() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("freeze", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);
		byte[] first = randomBytes(50_000, 1);
		byte[] second = randomBytes(50_000, 2);
		byte[] response = randomBytes(30_000, 3);
		Duration freeze = Duration.ofMillis(300);

		long frozenAt = System.nanoTime();
		link.freeze(freeze);
		client.getOutputStream().write(first);
		peer.getOutputStream().write(response);
		client.getOutputStream().write(second);
		client.shutdownOutput();
		peer.shutdownOutput();
		Socket late = connect(link);
		late.getOutputStream().write(first);
		late.shutdownOutput();
		Future<Received> up = receive(peer);
		Future<Received> down = receive(client);
		Future<Received> lateUp = receive(accept(server));

		assertThat(up.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(concat(first, second));
		assertThat(down.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(response);
		assertThat(lateUp.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(first);
		assertAtLeast(freeze, up.get().firstAt() - frozenAt, "client to server");
		assertAtLeast(freeze, down.get().firstAt() - frozenAt, "server to client");
		assertAtLeast(freeze, lateUp.get().firstAt() - frozenAt, "new connection");
		assertThat(link.stats().freezes()).isEqualTo(1);
		assertThat(link.faults()).isEqualTo(LinkFaults.NONE);
	}

	@Test
	void freezeAgainExtendsToTheLaterEnd() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("freeze-again", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		long frozenAt = System.nanoTime();
		link.freeze(Duration.ofMillis(100));
		link.freeze(Duration.ofMillis(400));
		link.freeze(Duration.ofMillis(50));
		client.getOutputStream().write('?');

		assertThat(peer.getInputStream().read()).isEqualTo('?');
		assertAtLeast(Duration.ofMillis(400), System.nanoTime() - frozenAt, "byte held");
		assertThat(link.stats().freezes()).isEqualTo(1);
	}

	@Test
	void resetNowResetsBothSidesOfEveryConnection() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("reset", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		link.resetNow();

		assertReset(client);
		assertReset(peer);
		awaitStats(link, (stats) -> stats.connectionsActive() == 0);
		assertThat(link.stats().connectionsReset()).isEqualTo(1);
		Socket fresh = connect(link);
		exchange(fresh, accept(server));
	}

	@Test
	void resetAfterBytesResetsEachConnectionOnceItCarriedThatMany() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("reset-after", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		link.resetAfterBytes(10);
		client.getOutputStream().write(new byte[4]);
		assertThat(peer.getInputStream().readNBytes(4)).hasSize(4);
		peer.getOutputStream().write(new byte[4]);
		assertThat(client.getInputStream().readNBytes(4)).hasSize(4);
		client.getOutputStream().write(new byte[2]);

		assertThat(readUntilReset(peer)).hasSizeLessThanOrEqualTo(2);
		assertReset(client);

		Socket fresh = connect(link);
		fresh.getOutputStream().write(new byte[25]);
		Socket freshPeer = accept(server);
		assertThat(readUntilReset(freshPeer)).hasSizeLessThanOrEqualTo(10);
		assertReset(fresh);
		assertThat(link.stats().connectionsReset()).isEqualTo(2);
		assertThat(link.faults().resetAfterBytes()).isEqualTo(OptionalLong.of(10));
	}

	@Test
	void clearFaultsEndsTheFreezeAndSwitchesIdleDropAndResetsOff() throws Exception {
		ServerSocket server = server();
		Link link = start(LinkConfig.loopback("clear", server.getLocalPort(), DELAY));
		Socket client = connect(link);
		Socket peer = accept(server);
		exchange(client, peer);

		link.freeze(Duration.ofHours(1));
		client.getOutputStream().write(new byte[2]);
		link.idleDrop(Duration.ofMillis(200));
		link.resetAfterBytes(3);
		link.clearFaults();

		assertThat(peer.getInputStream().readNBytes(2)).hasSize(2);
		assertThat(link.faults()).isEqualTo(LinkFaults.NONE);
		Thread.sleep(SILENCE_MILLIS);
		for (int i = 0; i < 5; i++) {
			exchange(client, peer);
		}
		assertThat(link.stats()).extracting(LinkStats::connectionsDropped, LinkStats::connectionsReset, LinkStats::freezes)
			.containsExactly(0L, 0L, 1L);
	}

	@Test
	void faultsShowWhatIsInForce() {
		Link link = start(LinkConfig.loopback("faults", 80, DELAY));

		link.idleDrop(Duration.ofSeconds(3));
		link.resetAfterBytes(1000);
		link.freeze(Duration.ofMinutes(1));

		LinkFaults faults = link.faults();
		assertThat(faults.idleDropAfter()).isEqualTo(Optional.of(Duration.ofSeconds(3)));
		assertThat(faults.resetAfterBytes()).isEqualTo(OptionalLong.of(1000));
		assertThat(faults.frozenFor()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void rejectsFaultValuesOutOfBounds() {
		Link link = start(LinkConfig.loopback("bounds", 80, DELAY));

		assertThatIllegalArgumentException().isThrownBy(() -> link.idleDrop(Duration.ZERO))
			.withMessage("idle-drop must be between 1 and 3600000 ms, got 0 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> link.freeze(Duration.ofHours(2)))
			.withMessage("freeze must be between 1 and 3600000 ms, got 7200000 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> link.resetAfterBytes(0))
			.withMessage("reset after must be between 1 and 1099511627776 bytes, got 0");
		assertThat(link.faults()).isEqualTo(LinkFaults.NONE);
	}

	/** Neither data nor the end of the stream nor a reset arrives. */
	private static void assertSilence(Socket socket) throws IOException {
		socket.setSoTimeout(SILENCE_MILLIS);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
	}

	private static void assertReset(Socket socket) {
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
			.withMessage("Connection reset");
	}

	/** What arrives before the reset, which must come rather than the end of the stream. */
	private static byte[] readUntilReset(Socket socket) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> {
			InputStream in = socket.getInputStream();
			for (int b = in.read(); b != -1; b = in.read()) {
				received.write(b);
			}
		}).withMessage("Connection reset");
		return received.toByteArray();
	}

	private record Received(byte[] bytes, long firstAt) {
	}

	/** Reads everything up to the end of the stream in the background, noting when it began to arrive. */
	private Future<Received> receive(Socket socket) {
		return threads.submit(() -> {
			InputStream in = socket.getInputStream();
			int first = in.read();
			long firstAt = System.nanoTime();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			if (first != -1) {
				all.write(first);
				in.transferTo(all);
			}
			return new Received(all.toByteArray(), firstAt);
		});
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = new byte[a.length + b.length];
		System.arraycopy(a, 0, both, 0, a.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

}
