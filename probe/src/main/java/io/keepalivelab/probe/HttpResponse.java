package io.keepalivelab.probe;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x response read to its last byte, so that the next request on the same connection starts clean.
 *
 * @param headers lower-case names; repeated headers joined with ", "
 * @param closeDelimited the body ran until the server closed the connection
 */
record HttpResponse(String version, int status, Map<String, String> headers, boolean closeDelimited) {

	// Reference: https://www.rfc-editor.org/rfc/rfc9112#section-6.3 (message body length)
	static HttpResponse read(InputStream in) throws IOException {
		String statusLine = readLine(in);
		if (statusLine == null) {
			throw new EOFException("connection closed before a response");
		}
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("not an HTTP/1.x response: " + statusLine);
		}
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = readHeaders(in);
		boolean closeDelimited = false;
		if (!hasBody(status)) {
			return new HttpResponse(parts[0], status, headers, false);
		}
		if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
			readChunked(in);
		}
		else if (headers.containsKey("content-length")) {
			in.skipNBytes(Long.parseLong(headers.get("content-length").trim()));
		}
		else {
			in.transferTo(OutputStream.nullOutputStream());
			closeDelimited = true;
		}
		return new HttpResponse(parts[0], status, headers, closeDelimited);
	}

	private static boolean hasBody(int status) {
		return status >= 200 && status != 204 && status != 304;
	}

	String header(String name) {
		return this.headers.get(name);
	}

	/** The server said this is the last response on the connection. */
	boolean announcesClose() {
		return hasConnectionToken("close") || this.closeDelimited
				|| (this.version.equals("HTTP/1.0") && !hasConnectionToken("keep-alive"));
	}

	private boolean hasConnectionToken(String token) {
		String connection = this.headers.getOrDefault("connection", "");
		for (String value : connection.split(",")) {
			if (value.trim().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	private static Map<String, String> readHeaders(InputStream in) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
						(a, b) -> a + ", " + b);
			}
		}
		return headers;
	}

	private static void readChunked(InputStream in) throws IOException {
		for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
			in.skipNBytes(size);
			readLine(in);
		}
		readHeaders(in); // trailers
	}

	private static long chunkSize(InputStream in) throws IOException {
		String line = readLine(in);
		if (line == null) {
			throw new EOFException("connection closed inside a chunked body");
		}
		int extension = line.indexOf(';');
		return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
	}

	/** A line without its CRLF, or null at the end of the stream. */
	static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		String text = line.toString(StandardCharsets.ISO_8859_1);
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}

}
