package io.keepalivelab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for tests: one that is free now, one where nothing listens, and whether one accepts
 * connections. A free port is free only until someone else binds it; prefer port 0 where the server allows.
 */
public final class Ports {

	/** Linux's own range for the source ports of outgoing connections. */
	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int LOWEST = 10_000;

	private static final Range BELOW_EPHEMERAL = belowEphemeral();

	/** Walks the range from a random start, so that one JVM never hands out a port twice in a row. */
	private static final AtomicInteger cursor = new AtomicInteger(
			BELOW_EPHEMERAL == null ? 0 : ThreadLocalRandom.current().nextInt(BELOW_EPHEMERAL.size()));

	private Ports() {
	}

	/**
	 * A loopback port free now, for a server whose address its callers must know before it starts. Taken below the
	 * kernel's ephemeral range where there is one: a port from that range can be given to any outgoing connection's
	 * source in the seconds before a Spring service binds it, which busy chain tests did.
	 */
	public static int free() {
		if (BELOW_EPHEMERAL != null) {
			for (int attempt = 0; attempt < 100; attempt++) {
				int port = BELOW_EPHEMERAL.low() + Math.floorMod(cursor.getAndIncrement(), BELOW_EPHEMERAL.size());
				if (bindable(port)) {
					return port;
				}
			}
		}
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A loopback port nothing listens on, so that connecting to it is refused: a downstream that is down. */
	public static int closed() {
		// Bound a moment ago and released: nothing listens there unless another process took it since.
		return free();
	}

	/** Whether something accepts connections on {@code port} of the loopback address, rather than refusing them. */
	public static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
			return true;
		}
		catch (ConnectException refused) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("neither accepted nor refused on port " + port, ex);
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException taken) {
			return false;
		}
	}

	/** The ports from 10,000 up to the ephemeral range, or null where the range is unknown or starts too low. */
	private static Range belowEphemeral() {
		try {
			String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
			int ephemeralLow = Integer.parseInt(bounds[0]);
			return (ephemeralLow - LOWEST >= 1_000) ? new Range(LOWEST, ephemeralLow - LOWEST) : null;
		}
		catch (IOException | RuntimeException unknown) {
			return null;
		}
	}

	private record Range(int low, int size) {
	}

}
