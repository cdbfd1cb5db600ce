package io.keepalivelab.probe;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.keepalivelab.probe.Http2Wire.ACK;
import static io.keepalivelab.probe.Http2Wire.DATA;
import static io.keepalivelab.probe.Http2Wire.END_HEADERS;
import static io.keepalivelab.probe.Http2Wire.END_STREAM;
import static io.keepalivelab.probe.Http2Wire.FRAME_HEADER;
import static io.keepalivelab.probe.Http2Wire.GOAWAY;
import static io.keepalivelab.probe.Http2Wire.HEADERS;
import static io.keepalivelab.probe.Http2Wire.PING;
import static io.keepalivelab.probe.Http2Wire.PREFACE;
import static io.keepalivelab.probe.Http2Wire.SETTINGS;
import static io.keepalivelab.probe.Http2Wire.frame;

import io.keepalivelab.probe.ProbeReport.Http2;
import io.keepalivelab.probe.ProbeReport.Http2Idle;

/**
 * The HTTP/2 idle timeout and how the server ends an idle HTTP/2 connection: one connection (h2 over TLS with ALPN,
 * or h2c with prior knowledge) carries one request, then listens while idle until the server sends GOAWAY or
 * closes, or up to --max-idle. It answers the server's PINGs and SETTINGS as a client must, and records GOAWAY's
 * last stream id and error code and whether the TCP connection closed after it. The bracket is 0.1 s wide (or
 * --precision if narrower): the connection had been quiet for the lower bound when the GOAWAY or close came at the
 * upper.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9113 (frames, GOAWAY in section 6.8, error codes in section 7)
// Reference: https://www.rfc-editor.org/rfc/rfc7541 (HPACK: static table, literals without indexing)
final class Http2IdleCheck {

	/** How often the idle connection notes that it is still quiet: the width of the bracket, at most. */
	private static final Duration SLICE = Duration.ofMillis(100);

	private static final List<String> ERROR_CODES = List.of("NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
			"FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
			"COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED");

	private final Connector connector;

	private final Target target;

	private final Probe.Settings settings;

	private final Budget budget;

	private final Consumer<String> progress;

	Http2IdleCheck(Connector connector, Target target, Probe.Settings settings, Budget budget,
			Consumer<String> progress) {
		this.connector = connector;
		this.target = target;
		this.settings = settings;
		this.budget = budget;
		this.progress = progress;
	}

	/** Whether the protocol checks found a way to speak HTTP/2 that this check can use. */
	static boolean applies(Target target, Http2 http2) {
		return target.tls() ? "h2".equals(http2.alpn()) : Boolean.TRUE.equals(http2.h2cPriorKnowledge());
	}

	/** @return what the idle connection saw, or null when the server speaks no HTTP/2 this check can use */
	Http2Idle run(Http2 http2) throws IOException {
		if (!applies(this.target, http2)) {
			return null;
		}
		String protocol = this.target.tls() ? "h2" : "h2c";
		Duration listen = this.settings.maxIdle();
		Duration left = this.budget.left().minus(this.settings.timeout().multipliedBy(2));
		if (left.compareTo(listen) < 0) {
			listen = left;
		}
		if (listen.isNegative() || listen.isZero()) {
			this.progress.accept("HTTP/2 idle: not measured: no time left");
			return null;
		}
		this.progress.accept("HTTP/2 idle: 1 " + protocol + " connection, one request, then idle for up to "
				+ TextReport.seconds(seconds(listen)));
		try (HttpConnection connection = this.target.tls() ? this.connector.open(null, "h2") : this.connector.open()) {
			if (this.target.tls() && !"h2".equals(connection.applicationProtocol())) {
				throw new IOException("the server did not choose h2 this time");
			}
			connection.send(concat(PREFACE, frame(SETTINGS, 0, 0, new byte[0]),
					frame(HEADERS, END_STREAM | END_HEADERS, 1, requestHeaders())));
			awaitResponse(connection);
			long idleSince = System.nanoTime();
			Http2Idle idle = listen(connection, protocol, idleSince, listen);
			this.progress.accept("HTTP/2 idle: " + TextReport.http2Idle(idle));
			return idle;
		}
	}

	/** Reads frames until stream 1 ends, answering SETTINGS and PING; a GOAWAY or close before that fails. */
	private void awaitResponse(HttpConnection connection) throws IOException {
		while (true) {
			Frame frame = readFrame(connection);
			if (frame.type() == GOAWAY) {
				throw new IOException("GOAWAY " + errorCode(frame) + " before the response");
			}
			answer(connection, frame);
			if (frame.stream() == 1 && (frame.type() == HEADERS || frame.type() == DATA)
					&& (frame.flags() & END_STREAM) != 0) {
				return;
			}
		}
	}

	private Http2Idle listen(HttpConnection connection, String protocol, long idleSince, Duration listen)
			throws IOException {
		long deadline = idleSince + listen.toNanos();
		Duration slice = (this.settings.precision().compareTo(SLICE) < 0) ? this.settings.precision() : SLICE;
		double quiet = 0;
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return new Http2Idle(protocol, ProbeReport.round(quiet), null, null, null, null, null);
			}
			boolean arrived;
			try {
				arrived = connection.awaitData(Duration.ofNanos(Math.min(left, slice.toNanos())));
			}
			catch (EOFException closed) {
				return new Http2Idle(protocol, ProbeReport.round(quiet), null, null, null,
						ProbeReport.round(idle(idleSince)), CloseKind.FIN);
			}
			catch (IOException reset) {
				return new Http2Idle(protocol, ProbeReport.round(quiet), null, null, null,
						ProbeReport.round(idle(idleSince)), CloseKind.of(reset));
			}
			if (!arrived) {
				quiet = idle(idleSince);
				continue;
			}
			Frame frame = readFrame(connection);
			if (frame.type() != GOAWAY) {
				answer(connection, frame);
				continue;
			}
			double goaway = idle(idleSince);
			int lastStreamId = ByteBuffer.wrap(frame.payload(), 0, 4).getInt() & 0x7fffffff;
			CloseKind close = awaitClose(connection);
			return new Http2Idle(protocol, ProbeReport.round(quiet), ProbeReport.round(goaway), lastStreamId,
					errorCode(frame), (close != null) ? ProbeReport.round(idle(idleSince)) : null, close);
		}
	}

	/** After GOAWAY: how the connection closed within the response timeout, or null if it stayed open. */
	private static CloseKind awaitClose(HttpConnection connection) {
		try {
			while (true) {
				readFrame(connection);
			}
		}
		catch (SocketTimeoutException stillOpen) {
			return null;
		}
		catch (IOException closed) {
			return CloseKind.of(closed);
		}
	}

	private static void answer(HttpConnection connection, Frame frame) throws IOException {
		if (frame.type() == SETTINGS && (frame.flags() & ACK) == 0) {
			connection.send(frame(SETTINGS, ACK, 0, new byte[0]));
		}
		else if (frame.type() == PING && (frame.flags() & ACK) == 0) {
			connection.send(frame(PING, ACK, 0, frame.payload()));
		}
	}

	private static Frame readFrame(HttpConnection connection) throws IOException {
		byte[] header = connection.read(FRAME_HEADER);
		if (header.length < FRAME_HEADER) {
			throw new EOFException("connection closed");
		}
		int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
		int stream = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff;
		byte[] payload = connection.read(length);
		if (payload.length < length) {
			throw new EOFException("connection closed inside a frame");
		}
		return new Frame(header[3] & 0xff, header[4] & 0xff, stream, payload);
	}

	private static String errorCode(Frame goaway) {
		int code = (goaway.payload().length >= 8) ? ByteBuffer.wrap(goaway.payload(), 4, 4).getInt() : -1;
		return (code >= 0 && code < ERROR_CODES.size()) ? ERROR_CODES.get(code) : "0x" + Integer.toHexString(code);
	}

	/** GET of the URL's path: indexed :method and :scheme, literals without indexing for the rest. */
	private byte[] requestHeaders() {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		block.write(0x82); // :method GET
		block.write(this.target.tls() ? 0x87 : 0x86); // :scheme https or http
		literal(block, 4, this.target.pathAndQuery()); // :path
		literal(block, 1, this.target.host() + ":" + this.target.port()); // :authority
		literal(block, 58, "keepalive-lab-probe"); // user-agent
		return block.toByteArray();
	}

	/** A literal header field without indexing, its name from the static table. */
	private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
		integer(block, 0x00, 4, nameIndex);
		byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
		integer(block, 0x00, 7, bytes.length);
		block.writeBytes(bytes);
	}

	// Reference: https://www.rfc-editor.org/rfc/rfc7541#section-5.1 (integer representation)
	private static void integer(ByteArrayOutputStream block, int pattern, int prefixBits, int value) {
		int max = (1 << prefixBits) - 1;
		if (value < max) {
			block.write(pattern | value);
			return;
		}
		block.write(pattern | max);
		for (value -= max; value >= 128; value >>= 7) {
			block.write((value & 0x7f) | 0x80);
		}
		block.write(value);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	private static double idle(long sinceNanos) {
		return (System.nanoTime() - sinceNanos) / 1e9;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	private record Frame(int type, int flags, int stream, byte[] payload) {
	}

}
