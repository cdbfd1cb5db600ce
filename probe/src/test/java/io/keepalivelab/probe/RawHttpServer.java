package io.keepalivelab.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server on plain sockets, one thread per connection, for the tests that need a server
 * misbehaving in a way no real server can be configured to: what it does with a connection is
 * {@link #serve(Socket)}.
 */
abstract class RawHttpServer implements AutoCloseable {

	private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	RawHttpServer(String name) throws IOException {
		Thread acceptor = new Thread(this::accept, name);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** Talks to one client until done; runs on the connection's own thread. */
	abstract void serve(Socket connection);

	private void accept() {
		try {
			while (true) {
				Socket connection = this.listener.accept();
				this.connections.add(connection);
				Thread serve = new Thread(() -> serve(connection));
				serve.setDaemon(true);
				serve.start();
			}
		}
		catch (IOException closed) {
			// the test is over
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

}
