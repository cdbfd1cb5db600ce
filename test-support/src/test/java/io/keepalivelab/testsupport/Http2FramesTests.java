package io.keepalivelab.testsupport;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Http2FramesTests {

	@Test
	void aFrameReadsBackAsWritten() throws IOException {
		byte[] bytes = Http2Frames.concat(Http2Frames.ping(42), Http2Frames.rstStream(0x7fff_ffff, 8));
		ByteArrayInputStream in = new ByteArrayInputStream(bytes);

		Http2Frames.Frame ping = Http2Frames.read(in);
		Http2Frames.Frame reset = Http2Frames.read(in);

		assertThat(ping.type()).isEqualTo(Http2Frames.PING);
		assertThat(ping.payload()).hasSize(8).endsWith(42);
		assertThat(reset.type()).isEqualTo(Http2Frames.RST_STREAM);
		assertThat(reset.streamId()).isEqualTo(0x7fff_ffff);
		assertThat(reset.errorCode()).isEqualTo(8);
		assertThat(Http2Frames.read(in)).as("end of stream between frames").isNull();
	}

	@Test
	void aLyingLengthIsWrittenAsGiven() {
		byte[] frame = Http2Frames.frame(0xff_ffff, Http2Frames.DATA, 0, 1, new byte[2]);

		assertThat(frame).hasSize(9 + 2).startsWith((byte) 0xff, (byte) 0xff, (byte) 0xff);
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> Http2Frames.read(new ByteArrayInputStream(frame)));
	}

	@Test
	void settingsArePairsOfSixBytes() {
		assertThat(Http2Frames.settings(0x4, 65_535, 0x5, 16_384)).hasSize(9 + 12);
		assertThat(Http2Frames.settingsAck()).hasSize(9).contains(Http2Frames.SETTINGS, Http2Frames.ACK);
	}
}
