package io.keepalivelab.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection on a plain socket, so that a test sees what went over the wire: each header, and
 * whether the server closed the connection with a FIN. Reads give up after 10 s instead of hanging.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.in = socket.getInputStream();
	}

	static RawConnection open(int port) throws IOException {
		return new RawConnection(new Socket("127.0.0.1", port));
	}

	/** Sends {@code GET path} without waiting for the response. */
	RawConnection send(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return write(request.append("\r\n").toString());
	}

	RawConnection write(String bytes) throws IOException {
		socket.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return this;
	}

	Response get(String path, String... headers) throws IOException {
		return send(path, headers).response();
	}

	/** Reads one response: status line, headers, and a body of Content-Length bytes or in chunks. */
	Response response() throws IOException {
		String statusLine = line();
		if (statusLine == null) {
			throw new IOException("closed by the server before a response");
		}
		Map<String, String> headers = new TreeMap<>();
		for (String header = line(); !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
				body.write(in.readNBytes(size));
				line();
			}
			line();
		}
		else {
			body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
		}
		return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
				body.toString(StandardCharsets.UTF_8));
	}

	byte[] read(int length) throws IOException {
		return in.readNBytes(length);
	}

	/** True if the server closed the connection with a FIN; a reset throws instead. */
	boolean closedByServer() throws IOException {
		return in.read() == -1;
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	record Response(int status, Map<String, String> headers, String body) {
	}
}
