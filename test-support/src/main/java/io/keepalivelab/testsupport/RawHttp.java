package io.keepalivelab.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 connection on a plain socket, for what {@code java.net.http} hides or refuses: each header as
 * sent, made-up methods, malformed framing, several requests written at once, and how the server ended the
 * connection (a FIN, a reset, or not at all). Reads give up after a limit instead of hanging.
 */
public final class RawHttp implements AutoCloseable {

	/** How long a read waits for the server by default. */
	public static final Duration READ_LIMIT = Duration.ofSeconds(15);

	private static final Pattern STATUS_LINE = Pattern.compile("(HTTP/\\d\\.\\d) (\\d{3})(?: .*)?");

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final Duration readLimit;

	private RawHttp(Socket socket, Duration readLimit) throws IOException {
		this.socket = socket;
		this.readLimit = readLimit;
		socket.setSoTimeout(Math.toIntExact(readLimit.toMillis()));
		// Unbuffered: what is not read stays in the kernel, as it would for a real client.
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/** Connects to {@code port} on the loopback address. */
	public static RawHttp open(int port) throws IOException {
		return open(port, READ_LIMIT);
	}

	/** Connects to {@code port} on the loopback address; each read waits at most {@code readLimit}. */
	public static RawHttp open(int port, Duration readLimit) throws IOException {
		return new RawHttp(new Socket(InetAddress.getLoopbackAddress(), port), readLimit);
	}

	/**
	 * Speaks over a socket already connected, such as a TLS socket; each read waits at most
	 * {@link #READ_LIMIT}.
	 */
	public static RawHttp over(Socket socket) throws IOException {
		return new RawHttp(socket, READ_LIMIT);
	}

	/**
	 * Writes {@code request} (UTF-8) on a new connection to {@code port} and reads {@code responses} responses
	 * (the first without a body if the request is a HEAD). How the connection ended is waited for only when the
	 * last response says the connection closes; otherwise it is {@link Closure#OPEN}.
	 */
	public static Exchange exchange(int port, String request, int responses) {
		try (RawHttp connection = open(port)) {
			connection.write(request);
			List<Response> read = new ArrayList<>();
			for (int i = 0; i < responses; i++) {
				read.add((i == 0 && request.startsWith("HEAD ")) ? connection.responseWithoutBody()
						: connection.response());
			}
			boolean closing = read.get(read.size() - 1).closesTheConnection();
			return new Exchange(read, closing ? connection.closure() : Closure.OPEN);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no complete answer to " + abbreviate(request), ex);
		}
	}

	/** Writes {@code text} as UTF-8, as it is: nothing is added. */
	public RawHttp write(String text) throws IOException {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	public RawHttp write(byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
		return this;
	}

	/** Writes {@code GET path} with a Host header and {@code headers}, without waiting for the response. */
	public RawHttp sendGet(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return write(request.append("\r\n").toString());
	}

	/** Writes {@code GET path} and reads its response. */
	public Response get(String path, String... headers) throws IOException {
		return sendGet(path, headers).response();
	}

	/**
	 * Reads one response: status line, headers, and a body of Content-Length bytes or in chunks (none when
	 * neither is given).
	 * @throws EOFException if the server closed the connection before or within the response
	 * @throws ProtocolException if what arrived is not an HTTP/1.x response
	 * @throws SocketTimeoutException if the server sent nothing for the read limit
	 */
	public Response response() throws IOException {
		return readResponse(true);
	}

	/** Reads one response that has no body whatever its headers say, such as the answer to a HEAD. */
	public Response responseWithoutBody() throws IOException {
		return readResponse(false);
	}

	/** Reads exactly {@code length} bytes, or fewer if the server closes first. */
	public byte[] read(int length) throws IOException {
		return in.readNBytes(length);
	}

	/** How the server ends the connection, waiting at most the read limit; reads one byte if one arrives. */
	public Closure closure() throws IOException {
		return closure(readLimit);
	}

	/**
	 * How the server ends the connection, waiting at most {@code wait}: {@link Closure#OPEN} if nothing happens
	 * by then or more bytes arrive (one of them is read).
	 */
	public Closure closure(Duration wait) throws IOException {
		int limit = socket.getSoTimeout();
		socket.setSoTimeout(Math.toIntExact(Math.max(1, wait.toMillis())));
		try {
			return (in.read() == -1) ? Closure.CLOSED : Closure.OPEN;
		}
		catch (SocketTimeoutException stillOpen) {
			return Closure.OPEN;
		}
		catch (SocketException reset) {
			return Closure.RESET;
		}
		finally {
			if (!socket.isClosed()) {
				socket.setSoTimeout(limit);
			}
		}
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private Response readResponse(boolean withBody) throws IOException {
		String statusLine = readLine();
		if (statusLine == null) {
			throw new EOFException("closed by the server before a response");
		}
		Matcher status = STATUS_LINE.matcher(statusLine);
		if (!status.matches()) {
			throw new ProtocolException("not an HTTP/1.x status line: '" + statusLine + "'");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = requireLine(); !line.isEmpty(); line = requireLine()) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new ProtocolException("not a header: '" + line + "'");
			}
			headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
					(first, second) -> first + ", " + second);
		}
		byte[] body;
		if (!withBody) {
			body = new byte[0];
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunked();
		}
		else {
			body = readFully(number(headers.getOrDefault("content-length", "0"), 10, "Content-Length"));
		}
		return new Response(status.group(1), Integer.parseInt(status.group(2)), headers,
				new String(body, StandardCharsets.UTF_8));
	}

	private byte[] readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = chunkSize(); size > 0; size = chunkSize()) {
			body.write(readFully(size));
			requireLine();
		}
		for (String trailer = requireLine(); !trailer.isEmpty(); trailer = requireLine()) {
			// trailers are not kept
		}
		return body.toByteArray();
	}

	private int chunkSize() throws IOException {
		String line = requireLine();
		int extension = line.indexOf(';');
		return number((extension < 0) ? line : line.substring(0, extension), 16, "chunk size");
	}

	private byte[] readFully(int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("closed mid-body after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	private static int number(String text, int radix, String what) throws ProtocolException {
		try {
			return Integer.parseInt(text.strip(), radix);
		}
		catch (NumberFormatException ex) {
			throw new ProtocolException("not a " + what + ": '" + text + "'");
		}
	}

	private String requireLine() throws IOException {
		String line = readLine();
		if (line == null) {
			throw new EOFException("closed mid-response");
		}
		return line;
	}

	/** A line without its CR LF, or null if the connection ends before any byte of it. */
	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				if (line.size() == 0) {
					return null;
				}
				throw new EOFException("closed mid-response after '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static String abbreviate(String request) {
		String firstLine = request.lines().findFirst().orElse("");
		return (firstLine.length() <= 80) ? firstLine : firstLine.substring(0, 80) + "...";
	}

	/** One response as read off the wire; header names in lower case, repeated headers joined with ", ". */
	public record Response(String version, int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		/** Whether the server said it closes the connection after this response. */
		public boolean closesTheConnection() {
			return "close".equalsIgnoreCase(header("connection")) || "HTTP/1.0".equals(version);
		}
	}

	/** How the server ended a connection. */
	public enum Closure {

		/** Still open: nothing arrived within the wait, or more bytes did. */
		OPEN,

		/** Closed in order (FIN). */
		CLOSED,

		/** Reset, for instance closed with request bytes still unread, so that the kernel answered with a RST. */
		RESET
	}

	/** The responses to what was written on one connection, and how it ended. */
	public record Exchange(List<Response> responses, Closure closure) {

		public Response response() {
			return responses.get(0);
		}
	}
}
