package io.keepalivelab.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The few HTTP/2 bytes the probe writes and reads on a raw connection: the preface and frames. */
// Reference: https://www.rfc-editor.org/rfc/rfc9113 (preface in section 3.4, frames in sections 4 and 6)
final class Http2Wire {

	static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	static final int FRAME_HEADER = 9;

	static final int DATA = 0x0;

	static final int HEADERS = 0x1;

	static final int SETTINGS = 0x4;

	static final int PING = 0x6;

	static final int GOAWAY = 0x7;

	static final int END_STREAM = 0x1;

	static final int ACK = 0x1;

	static final int END_HEADERS = 0x4;

	private Http2Wire() {
	}

	static byte[] frame(int type, int flags, int stream, byte[] payload) {
		return ByteBuffer.allocate(FRAME_HEADER + payload.length)
			.put((byte) (payload.length >>> 16))
			.put((byte) (payload.length >>> 8))
			.put((byte) payload.length)
			.put((byte) type)
			.put((byte) flags)
			.putInt(stream)
			.put(payload)
			.array();
	}

}
