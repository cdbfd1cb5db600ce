package io.keepalivelab.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetTests {

	@Test
	void defaultPortsFollowTheScheme() {
		assertThat(Target.parse("http://example.org").port()).isEqualTo(80);
		assertThat(Target.parse("HTTPS://example.org/").port()).isEqualTo(443);
		assertThat(Target.parse("https://example.org/").tls()).isTrue();
	}

	@Test
	void requestCarriesPathQueryAndHostWithNonDefaultPort() {
		String request = Target.parse("http://127.0.0.1:8080/work?workMs=0").get("HTTP/1.1", "Connection: close");

		assertThat(request).startsWith("GET /work?workMs=0 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
			.contains("Connection: close\r\n")
			.endsWith("\r\n\r\n");
	}

	@Test
	void emptyPathBecomesSlashAndDefaultPortIsLeftOutOfHost() {
		assertThat(Target.parse("https://example.org").get("HTTP/1.0")).startsWith("GET / HTTP/1.0\r\nHost: example.org\r\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.org/", "example.org", "not a url", "http://", "http:///path" })
	void badUrlIsAUsageError(String url) {
		assertThatExceptionOfType(ProbeException.class).isThrownBy(() -> Target.parse(url))
			.satisfies((ex) -> assertThat(ex.failure).isEqualTo(Failure.USAGE))
			.withMessageStartingWith("bad URL");
	}

}
