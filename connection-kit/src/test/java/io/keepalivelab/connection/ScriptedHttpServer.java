package io.keepalivelab.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A plain-socket HTTP/1.1 server that does, for every request, what its script says: answer, close the
 * connection without answering, reset it, or stay silent. The script sees how many requests the
 * connection has carried, so a test can make a pooled connection die exactly when it is reused.
 */
final class ScriptedHttpServer implements AutoCloseable {

	enum Action {

		/** 200 with body "ok", connection kept open. */
		ANSWER,
		/** Close the connection without answering (FIN). */
		CLOSE,
		/** Reset the connection without answering (RST). */
		RESET,
		/** Never answer, keep the connection open. */
		SILENT
	}

	@FunctionalInterface
	interface Script {

		/** @param requestOnConnection 1 for the first request a connection carries */
		Action next(int requestOnConnection, String path) throws InterruptedException;
	}

	private final Script script;

	private final ServerSocket server;

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final Semaphore received = new Semaphore(0);

	ScriptedHttpServer(Script script) throws IOException {
		this.script = script;
		this.server = new ServerSocket(0);
		Thread acceptor = new Thread(this::accept, "scripted-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + server.getLocalPort();
	}

	/** Connections accepted so far. */
	int connections() {
		return connections.size();
	}

	/** Requests received so far for {@code path}, as "METHOD path". */
	List<String> requests(String path) {
		return requests.stream().filter(request -> request.endsWith(" " + path)).toList();
	}

	void awaitRequests(int count) throws InterruptedException {
		if (!received.tryAcquire(count, 5, TimeUnit.SECONDS)) {
			throw new AssertionError("the server did not receive " + count + " request(s)");
		}
	}

	private void accept() {
		try {
			while (true) {
				Socket connection = server.accept();
				connections.add(connection);
				Thread handler = new Thread(() -> serve(connection), "scripted-connection");
				handler.setDaemon(true);
				handler.start();
			}
		}
		catch (IOException closed) {
			// the server is closed
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			InputStream in = connection.getInputStream();
			OutputStream out = connection.getOutputStream();
			for (int count = 1;; count++) {
				String[] requestLine = readRequest(in);
				if (requestLine == null) {
					return;
				}
				requests.add(requestLine[0] + " " + requestLine[1]);
				received.release();
				switch (script.next(count, requestLine[1])) {
					case ANSWER -> out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
						.getBytes(StandardCharsets.US_ASCII));
					case CLOSE -> {
						return;
					}
					case RESET -> {
						connection.setSoLinger(true, 0);
						return;
					}
					case SILENT -> {
						in.transferTo(OutputStream.nullOutputStream());
						return;
					}
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client or the test ended the connection
		}
	}

	/** Reads one request and its body; returns its method and path, or null at the end of the stream. */
	private static String[] readRequest(InputStream in) throws IOException {
		String requestLine = readLine(in);
		if (requestLine == null) {
			return null;
		}
		int contentLength = 0;
		for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				contentLength = Integer.parseInt(header.substring("content-length:".length()).strip());
			}
		}
		in.readNBytes(contentLength);
		String[] parts = requestLine.split(" ");
		return new String[] { parts[0], parts[1] };
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				return null;
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		server.close();
		for (Socket connection : connections) {
			connection.close();
		}
	}
}
