package io.keepalivelab.connection.netty;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Http2StreamErrorsTests {

	private final EmbeddedChannel connection = new EmbeddedChannel(new Http2StreamErrors());

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', nullValues = "-", textBlock = """
			no :method;                -;    /work;   no :method
			no :path;                  GET;  -;       no :path
			an empty method;           '';   /work;   no HTTP/1.1 request line from :method ''
			a method that is no token; G(T;  /work;   no HTTP/1.1 request line from :method 'G(T'
			a path with a space;       GET;  /wo rk;  no HTTP/1.1 request line from :method 'GET' and '/wo rk'
			""")
	void aRequestWithNoRequestLineIsResetBeforeReactorNettyConvertsIt(String what, String method, String path,
			String reasonMentions) {
		this.connection.writeInbound(request(1, method, path));

		assertThat((Object) this.connection.readInbound()).as("passed on").isNull();
		Http2ResetFrame reset = this.connection.readOutbound();
		assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
		assertThat(reset.stream().id()).isEqualTo(1);
		assertThat(Http2StreamErrors.malformed(request(1, method, path).headers())).get()
			.asString()
			.containsIgnoringCase(reasonMentions);
	}

	@Test
	void aWellFormedRequestAndItsTrailersPassOn() {
		Http2HeadersFrame request = request(3, "GET", "/work?workMs=0");
		Http2HeadersFrame trailers = new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-checksum", "1"), true)
			.stream(stream(3));

		this.connection.writeInbound(request, trailers);

		assertThat((Object) this.connection.readInbound()).isSameAs(request);
		assertThat((Object) this.connection.readInbound()).as("trailers have no request line").isSameAs(trailers);
		assertThat((Object) this.connection.readOutbound()).isNull();
	}

	@Test
	void connectNamesItsTargetInTheAuthority() {
		Http2Headers connect = new DefaultHttp2Headers().method("CONNECT").authority("backend:8443");

		assertThat(Http2StreamErrors.malformed(connect)).isEmpty();
		assertThat(Http2StreamErrors.malformed(new DefaultHttp2Headers().method("CONNECT").path("/")))
			.contains("CONNECT without :authority");
	}

	private static Http2HeadersFrame request(int streamId, String method, String path) {
		// no validation: the headers a hostile client sends
		Http2Headers headers = new DefaultHttp2Headers(false).scheme("https").authority("127.0.0.1");
		if (method != null) {
			headers.method(method);
		}
		if (path != null) {
			headers.path(path);
		}
		return new DefaultHttp2HeadersFrame(headers, true).stream(stream(streamId));
	}

	private static Http2FrameStream stream(int id) {
		return new Http2FrameStream() {

			@Override
			public int id() {
				return id;
			}

			@Override
			public Http2Stream.State state() {
				return Http2Stream.State.HALF_CLOSED_REMOTE;
			}

		};
	}

}
