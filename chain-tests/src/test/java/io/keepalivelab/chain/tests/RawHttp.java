package io.keepalivelab.chain.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken over a plain socket, for what {@code java.net.http} refuses to send: made-up methods,
 * malformed framing, oversized lines and headers, several requests written at once.
 */
final class RawHttp {

	private static final Duration READ_LIMIT = Duration.ofSeconds(15);

	private RawHttp() {
	}

	/** One response as read off the wire; header names in lower case. */
	record Response(String version, int status, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		boolean closesTheConnection() {
			return "close".equalsIgnoreCase(header("connection")) || "HTTP/1.0".equals(version);
		}
	}

	/** How the connection ended after the responses were read. */
	enum Closure {

		/** Still open: the server keeps it alive. */
		OPEN,

		/** The server closed it in order (FIN). */
		CLOSED,

		/** The server closed it with request bytes still unread, so the kernel answered with a reset. */
		RESET
	}

	/** The responses to what was written on one connection, and how it ended. */
	record Exchange(List<Response> responses, Closure closure) {

		Response response() {
			return responses.get(0);
		}
	}

	/**
	 * Writes {@code request} (UTF-8) on a new connection to {@code port} and reads {@code responses}
	 * responses. The closure is waited for only when the last response says the connection closes.
	 */
	static Exchange send(int port, String request, int responses) {
		boolean head = request.startsWith("HEAD ");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) READ_LIMIT.toMillis());
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			List<Response> read = new ArrayList<>();
			for (int i = 0; i < responses; i++) {
				read.add(readResponse(in, head && i == 0));
			}
			boolean closing = read.get(read.size() - 1).closesTheConnection();
			return new Exchange(read, closing ? awaitClosure(in) : Closure.OPEN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no complete answer to " + abbreviate(request), ex);
		}
	}

	private static Response readResponse(InputStream in, boolean head) throws IOException {
		String[] statusLine = readLine(in).split(" ", 3);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
					(first, second) -> first + ", " + second);
		}
		byte[] body;
		if (head) {
			body = new byte[0];
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunked(in);
		}
		else {
			body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		}
		return new Response(statusLine[0], Integer.parseInt(statusLine[1]), headers,
				new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = Integer.parseInt(readLine(in).strip(), 16); size > 0; size = Integer.parseInt(readLine(in).strip(), 16)) {
			body.write(in.readNBytes(size));
			readLine(in);
		}
		readLine(in);
		return body.toByteArray();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new IOException("connection closed mid-response after '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static Closure awaitClosure(InputStream in) throws IOException {
		try {
			return (in.read() == -1) ? Closure.CLOSED : Closure.OPEN;
		}
		catch (SocketTimeoutException stillOpen) {
			return Closure.OPEN;
		}
		catch (SocketException reset) {
			return Closure.RESET;
		}
	}

	private static String abbreviate(String request) {
		String firstLine = request.lines().findFirst().orElse("");
		return firstLine.length() <= 80 ? firstLine : firstLine.substring(0, 80) + "...";
	}
}
