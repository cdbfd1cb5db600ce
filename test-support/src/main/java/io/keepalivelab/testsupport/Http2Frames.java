package io.keepalivelab.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frames as bytes, for tests that must send what no conforming client would: any type, flags, stream
 * and declared length, and a reader that returns whatever frame comes next. Header blocks come from the
 * caller (HPACK). No state, no checks: the server under test does those.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9113 (framing)
public final class Http2Frames {

	/** What a client sends first, before its SETTINGS frame. */
	public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	public static final int DATA = 0x0;

	public static final int HEADERS = 0x1;

	public static final int PRIORITY = 0x2;

	public static final int RST_STREAM = 0x3;

	public static final int SETTINGS = 0x4;

	public static final int PUSH_PROMISE = 0x5;

	public static final int PING = 0x6;

	public static final int GOAWAY = 0x7;

	public static final int WINDOW_UPDATE = 0x8;

	public static final int CONTINUATION = 0x9;

	/** END_STREAM on DATA and HEADERS; ACK on SETTINGS and PING. */
	public static final int END_STREAM = 0x1;

	public static final int ACK = 0x1;

	public static final int END_HEADERS = 0x4;

	public static final int PADDED = 0x8;

	public static final int PRIORITY_FLAG = 0x20;

	/** The frame size every peer must accept before SETTINGS say otherwise. */
	public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

	private Http2Frames() {
	}

	/** One frame whose length field is its payload's length. */
	public static byte[] frame(int type, int flags, int streamId, byte[] payload) {
		return frame(payload.length, type, flags, streamId, payload);
	}

	/** One frame whose length field says {@code length}, whatever the payload holds: a lying frame. */
	public static byte[] frame(int length, int type, int flags, int streamId, byte[] payload) {
		return ByteBuffer.allocate(9 + payload.length)
			.put((byte) (length >>> 16))
			.put((byte) (length >>> 8))
			.put((byte) length)
			.put((byte) type)
			.put((byte) flags)
			.putInt(streamId)
			.put(payload)
			.array();
	}

	/** SETTINGS with {@code idsAndValues} as pairs: identifier, value, identifier, value... */
	public static byte[] settings(long... idsAndValues) {
		ByteBuffer payload = ByteBuffer.allocate(idsAndValues.length / 2 * 6);
		for (int i = 0; i + 1 < idsAndValues.length; i += 2) {
			payload.putShort((short) idsAndValues[i]).putInt((int) idsAndValues[i + 1]);
		}
		return frame(SETTINGS, 0, 0, payload.array());
	}

	public static byte[] settingsAck() {
		return frame(SETTINGS, ACK, 0, new byte[0]);
	}

	public static byte[] ping(long data) {
		return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(data).array());
	}

	public static byte[] rstStream(int streamId, int errorCode) {
		return frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(errorCode).array());
	}

	public static byte[] windowUpdate(int streamId, int increment) {
		return frame(WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
	}

	public static byte[] goAway(int lastStreamId, int errorCode) {
		return frame(GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(lastStreamId).putInt(errorCode).array());
	}

	/** All of {@code parts} in one array, to be written at once. */
	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	/** The next frame of {@code in}, or null when the peer closed the connection between frames. */
	public static Frame read(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int first = data.read();
		if (first < 0) {
			return null;
		}
		byte[] header = new byte[8];
		data.readFully(header);
		int length = (first << 16) | ((header[0] & 0xff) << 8) | (header[1] & 0xff);
		int type = header[2] & 0xff;
		int flags = header[3] & 0xff;
		int streamId = ByteBuffer.wrap(header, 4, 4).getInt() & 0x7fff_ffff;
		byte[] payload = new byte[length];
		data.readFully(payload);
		return new Frame(type, flags, streamId, payload);
	}

	/** A frame as read; {@code streamId} without its reserved bit. */
	public record Frame(int type, int flags, int streamId, byte[] payload) {

		public boolean has(int flag) {
			return (this.flags & flag) != 0;
		}

		/** The error code of a GOAWAY or RST_STREAM frame. */
		public int errorCode() {
			ByteBuffer buffer = ByteBuffer.wrap(this.payload);
			if (this.type == GOAWAY && this.payload.length >= 8) {
				return buffer.getInt(4);
			}
			if (this.type == RST_STREAM && this.payload.length >= 4) {
				return buffer.getInt(0);
			}
			throw new IllegalStateException("frame type " + this.type + " carries no error code");
		}

		@Override
		public String toString() {
			return "Frame[type=" + this.type + ", flags=0x" + Integer.toHexString(this.flags) + ", stream=" + this.streamId
					+ ", length=" + this.payload.length + "]";
		}
	}

}
