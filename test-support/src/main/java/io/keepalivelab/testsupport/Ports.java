package io.keepalivelab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Loopback ports for tests: one that is free now, one where nothing listens, and whether one accepts
 * connections. A free port is free only until someone else binds it; prefer port 0 where the server allows.
 */
public final class Ports {

	private Ports() {
	}

	/** A loopback port free now, for a server whose address its callers must know before it starts. */
	public static int free() {
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
}
