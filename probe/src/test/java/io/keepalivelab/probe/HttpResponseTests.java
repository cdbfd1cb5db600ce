package io.keepalivelab.probe;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpResponseTests {

	@Test
	void readsEachResponseToItsLastByteSoTheNextStartsClean() throws IOException {
		InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
				+ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n"
				+ "HTTP/1.1 204 No Content\r\nConnection: keep-alive, close\r\n\r\n");

		assertThat(HttpResponse.read(in).announcesClose()).isFalse();
		assertThat(HttpResponse.read(in).announcesClose()).isFalse();
		HttpResponse last = HttpResponse.read(in);
		assertThat(last.status()).isEqualTo(204);
		assertThat(last.announcesClose()).isTrue();
		assertThat(in.read()).isEqualTo(-1);
	}

	@Test
	void bodyWithoutLengthRunsUntilTheServerCloses() throws IOException {
		HttpResponse response = HttpResponse.read(stream("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nhello"));

		assertThat(response.closeDelimited()).isTrue();
		assertThat(response.announcesClose()).isTrue();
	}

	@Test
	void http10KeepsAliveOnlyWhenItSaysSo() throws IOException {
		assertThat(HttpResponse.read(stream("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).announcesClose()).isTrue();
		assertThat(HttpResponse.read(stream("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"))
			.announcesClose()).isFalse();
	}

	@Test
	void closedBeforeAResponseIsEndOfStream() {
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> HttpResponse.read(stream("")));
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
