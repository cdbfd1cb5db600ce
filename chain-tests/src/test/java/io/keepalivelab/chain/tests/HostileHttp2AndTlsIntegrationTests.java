package io.keepalivelab.chain.tests;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.keepalivelab.chain.ChainParameters;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.Project;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.lab.Stacks;
import io.keepalivelab.testsupport.Certificates;
import io.keepalivelab.testsupport.Http2Frames;
import io.keepalivelab.testsupport.Http2Frames.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import static io.keepalivelab.testsupport.Http2Frames.ACK;
import static io.keepalivelab.testsupport.Http2Frames.CONTINUATION;
import static io.keepalivelab.testsupport.Http2Frames.DATA;
import static io.keepalivelab.testsupport.Http2Frames.END_HEADERS;
import static io.keepalivelab.testsupport.Http2Frames.END_STREAM;
import static io.keepalivelab.testsupport.Http2Frames.GOAWAY;
import static io.keepalivelab.testsupport.Http2Frames.HEADERS;
import static io.keepalivelab.testsupport.Http2Frames.PING;
import static io.keepalivelab.testsupport.Http2Frames.PRIORITY;
import static io.keepalivelab.testsupport.Http2Frames.PUSH_PROMISE;
import static io.keepalivelab.testsupport.Http2Frames.RST_STREAM;
import static io.keepalivelab.testsupport.Http2Frames.SETTINGS;
import static io.keepalivelab.testsupport.Http2Frames.WINDOW_UPDATE;
import static io.keepalivelab.testsupport.Http2Frames.concat;
import static io.keepalivelab.testsupport.Http2Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Hostile HTTP/2 and TLS against every service of one chain on the {@code h2} transport (HTTP/2 over TLS
 * 1.3, ALPN), once on each server stack: broken frames, oversized and endless header blocks, floods of
 * streams, resets, SETTINGS, PINGs and WINDOW_UPDATEs, and bytes that are no TLS at all where a ClientHello
 * belongs. Each case writes its frames after the preface, then a PING and a valid request; it passes when no
 * answer is a 5xx or carries a stack trace and the connection either answers the PING (the server kept it
 * and served or refused the request) or is closed; what HTTP/2 calls a connection error must close it.
 * No case may make a service log at ERROR (Netty's leak reports included); after the barrage every service
 * still answers over HTTP/2 and HTTP/1.1.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
class HostileHttp2AndTlsIntegrationTests {

	private static final long SEED = 20_261_204L;

	/** What would betray the implementation: a stack trace, an exception or a package name. */
	private static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "org.springframework", "reactor.",
			"io.netty", "tools.jackson", "org.apache");

	/** The stream of the valid request sent after each case's frames: the highest a client may open. */
	private static final int PROBE_STREAM = Integer.MAX_VALUE;

	private static final long PING_MARKER = 0x6b65_6570_616c_6976L;

	/** How long a case may wait for the PING's answer or the close; only a hung connection reaches it. */
	private static final Duration READ_LIMIT = Duration.ofSeconds(20);

	private static final int CANCEL = 0x8;

	@TempDir
	static Path workDir;

	private static Chain chain;

	private static SSLContext tls;

	@Parameter
	String stack;

	@BeforeParameterizedClassInvocation
	static void startChain(String stack) {
		Path certificates = Certificates.make(Project.root(), workDir.resolve("tls"));
		tls = Certificates.trusting(certificates);
		chain = Chain.builder(workDir.resolve(stack), "h2").stacks(Stacks.all(stack)).tlsDir(certificates).start();
	}

	@AfterParameterizedClassInvocation
	static void stopChain() {
		if (chain != null) {
			chain.close();
			chain = null;
		}
	}

	@TestFactory
	Stream<DynamicNode> hostileHttp2AndTls() {
		Random random = new Random(SEED);
		String callsAndWork = ChainParameters.CALLS.name() + "=1&" + ChainParameters.WORK_MS.name() + "=0";
		List<Api> apis = List.of(new Api(chain.publicApi(), "/api/chain?" + callsAndWork),
				new Api(chain.orchestration(), "/orchestrate?" + callsAndWork),
				new Api(chain.backend(), "/work?" + ChainParameters.WORK_MS.name() + "=0"));
		Stream<DynamicNode> barrage = apis.stream()
			.map(api -> dynamicContainer(api.service().name() + " " + api.target() + " on " + stack,
					Stream.of(dynamicContainer("HTTP/2 framing", framingCases(api, random)),
							dynamicContainer("HTTP/2 header blocks", headerCases(api)),
							dynamicContainer("HTTP/2 floods", floodCases(api)),
							dynamicContainer("HTTP/2 requests", requestCases(api)),
							dynamicContainer("the TLS handshake", tlsCases(api, random)),
							dynamicContainer("the too-much-work bound over HTTP/2", workBoundCases(api)))));
		Stream<DynamicNode> after = Stream.of(dynamicContainer("after the barrage",
				apis.stream().flatMap(HostileHttp2AndTlsIntegrationTests::afterTheBarrage)));
		return Stream.concat(barrage, after);
	}

	/** One service's API: its process and a valid request target. */
	private record Api(ServiceProcess service, String target) {

		String authority() {
			return "127.0.0.1:" + this.service.port();
		}

		byte[] request(int streamId, int flags) {
			return frame(HEADERS, flags, streamId, getRequest(authority(), this.target));
		}
	}

	// ---- the cases

	private Stream<DynamicNode> framingCases(Api api, Random random) {
		List<DynamicNode> cases = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			byte[] garbage = new byte[1 + random.nextInt(200)];
			random.nextBytes(garbage);
			cases.add(h2("random bytes #" + i + " (" + garbage.length + " bytes) after the preface", api, garbage,
					Expect.CLEAN));
		}
		// A length beyond the frame size the server allows is a connection error (RFC 9113 4.2), whatever the type.
		for (int type : new int[] { DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY,
				WINDOW_UPDATE, CONTINUATION, 0x0a, 0xff }) {
			// Just past the limit for half the types, the largest length a frame header can carry for the rest.
			for (int length : new int[] { type % 2 == 0 ? Http2Frames.DEFAULT_MAX_FRAME_SIZE + 1 : 0xff_ffff }) {
				int stream = (type == SETTINGS || type == PING || type == GOAWAY) ? 0 : 1;
				cases.add(h2("type " + type + " declaring " + length + " bytes", api,
						frame(length, type, 0, stream, new byte[64]), Expect.CLOSED, true));
			}
		}
		// Frames of a fixed size with another one: FRAME_SIZE_ERROR.
		cases.add(h2("PING of 7 bytes", api, frame(PING, 0, 0, new byte[7]), Expect.CLOSED));
		cases.add(h2("PING of 9 bytes", api, frame(PING, 0, 0, new byte[9]), Expect.CLOSED));
		cases.add(h2("SETTINGS of 5 bytes", api, frame(SETTINGS, 0, 0, new byte[5]), Expect.CLOSED));
		cases.add(h2("SETTINGS ACK with a payload", api, frame(SETTINGS, ACK, 0, new byte[6]), Expect.CLOSED));
		cases.add(h2("WINDOW_UPDATE of 3 bytes", api, frame(WINDOW_UPDATE, 0, 0, new byte[3]), Expect.CLOSED));
		cases.add(h2("WINDOW_UPDATE of 5 bytes", api, frame(WINDOW_UPDATE, 0, 0, new byte[5]), Expect.CLOSED));
		// The next three are connection errors by RFC 9113; Tomcat resets only the stream and keeps serving.
		cases.add(h2("RST_STREAM of 3 bytes", api, concat(api.request(1, END_HEADERS), frame(RST_STREAM, 0, 1, new byte[3])),
				Expect.CLEAN));
		cases.add(h2("GOAWAY of 7 bytes", api, frame(GOAWAY, 0, 0, new byte[7]), Expect.CLOSED));
		cases.add(h2("PRIORITY of 4 bytes", api, frame(PRIORITY, 0, 3, new byte[4]), Expect.CLEAN));
		// Frames on a stream they may not use: PROTOCOL_ERROR.
		cases.add(h2("DATA on stream 0", api, frame(DATA, 0, 0, new byte[4]), Expect.CLOSED));
		cases.add(h2("HEADERS on stream 0", api, api.request(0, END_HEADERS | END_STREAM), Expect.CLOSED));
		cases.add(h2("SETTINGS on stream 1", api, frame(SETTINGS, 0, 1, new byte[0]), Expect.CLOSED));
		cases.add(h2("PING on stream 1", api, frame(PING, 0, 1, new byte[8]), Expect.CLOSED));
		cases.add(h2("GOAWAY on stream 1", api, frame(GOAWAY, 0, 1, new byte[8]), Expect.CLOSED));
		cases.add(h2("RST_STREAM on stream 0", api, Http2Frames.rstStream(0, CANCEL), Expect.CLOSED));
		cases.add(h2("RST_STREAM on an idle stream", api, Http2Frames.rstStream(5, CANCEL), Expect.CLOSED));
		cases.add(h2("WINDOW_UPDATE of 0 on the connection", api, Http2Frames.windowUpdate(0, 0), Expect.CLOSED));
		cases.add(h2("CONTINUATION without HEADERS", api,
				frame(CONTINUATION, END_HEADERS, 1, headerBlock("x", "y")), Expect.CLOSED));
		cases.add(h2("PUSH_PROMISE from the client", api, frame(PUSH_PROMISE, END_HEADERS, 1, new byte[8]),
				Expect.CLOSED));
		cases.add(h2("DATA on an idle stream", api, frame(DATA, END_STREAM, 7, new byte[4]), Expect.CLOSED));
		cases.add(h2("HEADERS on an even stream", api, api.request(2, END_HEADERS | END_STREAM), Expect.CLOSED));
		cases.add(h2("a stream id lower than one already used", api,
				concat(api.request(5, END_HEADERS | END_STREAM), api.request(3, END_HEADERS | END_STREAM)), Expect.CLEAN));
		cases.add(h2("a frame inside an open header block", api,
				concat(api.request(1, END_STREAM), Http2Frames.ping(1)), Expect.CLEAN));
		cases.add(h2("a header block that is no HPACK", api,
				frame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
						(byte) 0xff, 0x7f }),
				Expect.CLOSED));
		cases.add(h2("padding longer than the frame", api,
				frame(HEADERS, END_HEADERS | END_STREAM | Http2Frames.PADDED, 1, new byte[] { (byte) 200, 0, 0 }),
				Expect.CLOSED));
		cases.add(h2("a stream that depends on itself", api,
				frame(PRIORITY, 0, 3, ByteBuffer.allocate(5).putInt(3).put((byte) 16).array()), Expect.CLEAN));
		for (int type : new int[] { 0x0a, 0x20, 0xfe }) {
			cases.add(h2("unknown frame type " + type + " (ignored, RFC 9113 5.5)", api, frame(type, 0xff, 1, new byte[32]),
					Expect.SERVED));
		}
		cases.add(h2("SETTINGS ENABLE_PUSH 2", api, Http2Frames.settings(0x2, 2), Expect.CLOSED));
		cases.add(h2("SETTINGS INITIAL_WINDOW_SIZE 2^31", api, Http2Frames.settings(0x4, 1L << 31), Expect.CLOSED));
		cases.add(h2("SETTINGS MAX_FRAME_SIZE 100", api, Http2Frames.settings(0x5, 100), Expect.CLOSED));
		cases.add(h2("SETTINGS MAX_FRAME_SIZE 2^24", api, Http2Frames.settings(0x5, 1 << 24), Expect.CLOSED));
		cases.add(h2("SETTINGS of unknown identifiers (ignored)", api,
				Http2Frames.settings(0x99, 1, 0xffff, 0xffff_ffffL, 0x0, 7), Expect.SERVED));
		// A reader that never opens its window: no request after it, the case ends its output instead.
		cases.add(h2("SETTINGS INITIAL_WINDOW_SIZE 0 (a stalled reader)", api,
				concat(Http2Frames.settings(0x4, 0), api.request(1, END_HEADERS | END_STREAM)), Expect.CLEAN, true));
		cases.add(h2("SETTINGS HEADER_TABLE_SIZE 0 and MAX_HEADER_LIST_SIZE 1", api,
				Http2Frames.settings(0x1, 0, 0x6, 1), Expect.CLEAN));
		cases.add(h2("a preface cut short", api, new byte[0], Expect.CLOSED, false, "PRI * HTTP/2.0\r\n".getBytes()));
		cases.add(h2("a wrong preface", api, new byte[0], Expect.CLOSED, false,
				"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes()));
		cases.add(h2("HTTP/1.1 after ALPN chose h2", api, new byte[0], Expect.CLOSED, false,
				("GET " + api.target() + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes()));
		// A preface must be followed by SETTINGS; both stacks wait for it rather than close.
		cases.add(h2("no SETTINGS after the preface", api, new byte[0], Expect.CLEAN, false,
				concat(Http2Frames.PREFACE, Http2Frames.ping(1))));
		return cases.stream();
	}

	private Stream<DynamicNode> headerCases(Api api) {
		List<DynamicNode> cases = new ArrayList<>();
		String path = api.target();
		String authority = api.authority();
		// Header lists beyond what the server accepts: refused with 431, a reset stream or a closed connection.
		for (int size : new int[] { 9_000, 256_000 }) {
			byte[] block = getRequest(authority, path, "x-big", "x".repeat(size));
			cases.add(h2("one header of " + size / 1000 + " kB in CONTINUATIONs", api, inFrames(1, block, 16_000),
					Expect.CLEAN));
		}
		for (int count : new int[] { 1_000, 10_000 }) {
			String[] many = IntStream.range(0, count)
				.mapToObj(i -> new String[] { "x-h" + i, "v" })
				.flatMap(Stream::of)
				.toArray(String[]::new);
			cases.add(h2(count + " headers", api, inFrames(1, getRequest(authority, path, many), 16_000),
					Expect.CLEAN));
		}
		// CONTINUATION floods: a header block that never ends, in empty or tiny frames (CVE-2024-27316 and kin).
		for (int count : new int[] { 10_000 }) {
			byte[] flood = concat(frame(HEADERS, END_STREAM, 1, getRequest(authority, path)),
					repeat(frame(CONTINUATION, 0, 1, new byte[0]), count));
			cases.add(h2(count + " empty CONTINUATIONs", api, flood, Expect.CLOSED, true));
		}
		for (int count : new int[] { 10_000 }) {
			byte[] flood = concat(frame(HEADERS, END_STREAM, 1, getRequest(authority, path)),
					repeat(frame(CONTINUATION, 0, 1, headerBlock("x-a", "b")), count));
			cases.add(h2(count + " CONTINUATIONs of one small header each", api, flood, Expect.CLOSED, true));
		}
		cases.add(h2("a header block ended by a CONTINUATION on another stream", api,
				concat(frame(HEADERS, END_STREAM, 1, getRequest(authority, path)),
						frame(CONTINUATION, END_HEADERS, 3, new byte[0])),
				Expect.CLOSED));
		return cases.stream();
	}

	private Stream<DynamicNode> floodCases(Api api) {
		List<DynamicNode> cases = new ArrayList<>();
		// Rapid reset (CVE-2023-44487): open a stream, cancel it at once, many times over.
		for (int count : new int[] { 100, 1_000 }) {
			ByteArrayOutputStream flood = new ByteArrayOutputStream();
			for (int i = 0; i < count; i++) {
				int stream = 1 + 2 * i;
				flood.writeBytes(api.request(stream, END_HEADERS | END_STREAM));
				flood.writeBytes(Http2Frames.rstStream(stream, CANCEL));
			}
			cases.add(h2("rapid reset: " + count + " streams opened and cancelled", api, flood.toByteArray(),
					Expect.CLEAN));
		}
		// Streams opened and left open, beyond any concurrency limit.
		for (int count : new int[] { 1_000 }) {
			ByteArrayOutputStream flood = new ByteArrayOutputStream();
			for (int i = 0; i < count; i++) {
				flood.writeBytes(api.request(1 + 2 * i, END_HEADERS));
			}
			cases.add(h2(count + " streams opened, none finished", api, flood.toByteArray(), Expect.CLEAN));
		}
		for (int count : new int[] { 1_000 }) {
			cases.add(h2(count + " SETTINGS", api, repeat(Http2Frames.settings(0x3, 100, 0x4, 65_535), count),
					Expect.CLEAN));
			cases.add(h2(count + " PINGs", api, repeat(Http2Frames.ping(7), count), Expect.CLEAN));
			cases.add(h2(count + " PRIORITY frames", api,
					repeat(frame(PRIORITY, 0, 9, ByteBuffer.allocate(5).putInt(11).put((byte) 1).array()), count),
					Expect.CLEAN));
			cases.add(h2(count + " WINDOW_UPDATEs of 1 on the connection", api,
					repeat(Http2Frames.windowUpdate(0, 1), count), Expect.CLEAN));
		}
		// A flow-control window past 2^31 - 1: FLOW_CONTROL_ERROR on the connection, a stream error on a stream.
		cases.add(h2("WINDOW_UPDATE overflowing the connection window", api,
				concat(Http2Frames.windowUpdate(0, Integer.MAX_VALUE), Http2Frames.windowUpdate(0, Integer.MAX_VALUE)),
				Expect.CLOSED));
		cases.add(h2("WINDOW_UPDATE overflowing a stream window", api,
				concat(api.request(1, END_HEADERS), Http2Frames.windowUpdate(1, Integer.MAX_VALUE),
						Http2Frames.windowUpdate(1, Integer.MAX_VALUE)),
				Expect.CLEAN));
		cases.add(h2("WINDOW_UPDATE of 0 on a stream", api,
				concat(api.request(1, END_HEADERS), Http2Frames.windowUpdate(1, 0)), Expect.CLEAN));
		cases.add(h2("GOAWAY from the client, then more streams", api,
				concat(Http2Frames.goAway(0, 0), api.request(1, END_HEADERS | END_STREAM)), Expect.CLEAN));
		return cases.stream();
	}

	private Stream<DynamicNode> requestCases(Api api) {
		List<DynamicNode> cases = new ArrayList<>();
		String path = api.target();
		String authority = api.authority();
		// Malformed requests (RFC 9113 8.1.1): a stream error (RST_STREAM or a 400), never a 5xx.
		List<String[]> malformed = List.of(new String[] { ":method", "GET", ":scheme", "https", ":path", path },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority },
				new String[] { ":scheme", "https", ":authority", authority, ":path", path },
				new String[] { ":method", "GET", ":authority", authority, ":path", path },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, ":path", path },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", "" },
				new String[] { ":method", "", ":scheme", "https", ":authority", authority, ":path", path },
				new String[] { ":method", "G(T", ":scheme", "https", ":authority", authority, ":path", path },
				new String[] { ":method", "GET", ":scheme", "https", "x-a", "b", ":authority", authority, ":path", path },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, ":status", "200" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, ":foo", "x" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "X-Upper", "x" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "connection",
						"keep-alive" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path,
						"transfer-encoding", "chunked" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "te", "gzip" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "upgrade", "h2c" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "x-a", "b\r\nc" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "x a", "b" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path, "", "b" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", "no-slash" },
				new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path + "\u0000" },
				new String[] { ":method", "CONNECT", ":scheme", "https", ":authority", authority, ":path", path,
						":protocol", "websocket" });
		for (String[] fields : malformed) {
			cases.add(h2("malformed: " + describe(fields), api,
					frame(HEADERS, END_HEADERS | END_STREAM, 1, headerBlock(fields)), Expect.CLEAN));
		}
		// Tomcat answers CONNECT 501 Not Implemented itself, as RFC 9110 has it and as it does over HTTP/1.1.
		cases.add(h2("CONNECT", api, frame(HEADERS, END_HEADERS | END_STREAM, 1, headerBlock(":method", "CONNECT",
				":authority", authority)), onTomcat() ? Expect.NOT_IMPLEMENTED : Expect.CLEAN));
		byte[] get = getRequest(authority, path, "content-length", "4");
		cases.add(h2("content-length 4 and 8 bytes of DATA", api,
				concat(frame(HEADERS, END_HEADERS, 1, get), frame(DATA, END_STREAM, 1, new byte[8])), Expect.CLEAN));
		cases.add(h2("content-length 4 and no DATA", api, frame(HEADERS, END_HEADERS | END_STREAM, 1, get),
				Expect.CLEAN));
		cases.add(h2("DATA past the stream window", api,
				concat(frame(HEADERS, END_HEADERS, 1, getRequest(authority, path)),
						repeat(frame(DATA, 0, 1, new byte[16_000]), 8), frame(DATA, END_STREAM, 1, new byte[0])),
				Expect.CLEAN));
		cases.add(h2("DATA after END_STREAM", api,
				concat(api.request(1, END_HEADERS | END_STREAM), frame(DATA, 0, 1, new byte[4])), Expect.CLEAN));
		cases.add(h2("HEADERS again on a closed stream", api,
				concat(api.request(1, END_HEADERS | END_STREAM), api.request(1, END_HEADERS | END_STREAM)), Expect.CLEAN));
		for (String method : List.of("POST", "DELETE", "TRACE", "OPTIONS", "HEAD", "PATCH")) {
			cases.add(h2(method, api, frame(HEADERS, END_HEADERS | END_STREAM, 1, headerBlock(":method",
					method, ":scheme", "https", ":authority", authority, ":path", path)), Expect.SERVED));
		}
		for (String other : List.of("/nope", "/actuator/env", "/%zz", "/" + "a".repeat(10_000))) {
			cases.add(h2("GET " + (other.length() > 40 ? other.substring(0, 40) + "..." : other), api,
					frame(HEADERS, END_HEADERS | END_STREAM, 1, getRequest(authority, other)), Expect.CLEAN));
		}
		return cases.stream();
	}

	/** calls x workMs beyond the bound over HTTP/2 as well: a 400 problem, the connection kept. */
	private Stream<DynamicNode> workBoundCases(Api api) {
		if (api.service() == chain.backend()) {
			return Stream.empty();
		}
		String path = api.target().substring(0, api.target().indexOf('?'));
		List<DynamicNode> cases = new ArrayList<>();
		for (String query : List.of("calls=50&workMs=10000", "calls=4&workMs=10000", "calls=31&workMs=1000")) {
			cases.add(dynamicTest(query, () -> {
				Outcome outcome = exchange(api, new byte[0],
						frame(HEADERS, END_HEADERS | END_STREAM, PROBE_STREAM, getRequest(api.authority(), path + "?" + query)),
						concat(Http2Frames.PREFACE, Http2Frames.settings()), false);
				assertThat(outcome.statuses()).as("%s: %s", query, outcome).containsEntry(PROBE_STREAM, 400);
				assertThat(outcome.body(PROBE_STREAM)).as(query)
					.contains("\"maxTotalWorkMs\":" + ChainParameters.MAX_TOTAL_WORK_MS);
				assertThat(outcome.pingAnswered()).as(query).isTrue();
			}));
		}
		return cases.stream();
	}

	private Stream<DynamicNode> tlsCases(Api api, Random random) {
		List<DynamicNode> cases = new ArrayList<>();
		byte[] hello = clientHello();
		for (int i = 0; i < 5; i++) {
			byte[] garbage = new byte[1 + random.nextInt(4_000)];
			random.nextBytes(garbage);
			cases.add(tls("random bytes #" + i + " (" + garbage.length + " bytes)", api, garbage));
		}
		for (int cut : new int[] { 1, 5, 9, 44, hello.length / 2, hello.length - 1 }) {
			cases.add(tls("a ClientHello cut after " + cut + " of " + hello.length + " bytes", api,
					Arrays.copyOf(hello, Math.min(cut, hello.length))));
		}
		for (int i = 0; i < 5; i++) {
			byte[] mutated = hello.clone();
			for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
				mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
			}
			cases.add(tls("a ClientHello with bytes changed #" + i, api, mutated));
		}
		cases.add(tls("a record of 2^14 + 2049 bytes (beyond TLS's limit)", api,
				concat(new byte[] { 0x16, 0x03, 0x03, (byte) 0x48, 0x01 }, new byte[0x4801])));
		cases.add(tls("a record length of 0", api, new byte[] { 0x16, 0x03, 0x01, 0x00, 0x00 }));
		cases.add(tls("a record version of SSL 2", api, withBytes(hello, 1, 0x02, 0x00)));
		cases.add(tls("a record version of 0xffff", api, withBytes(hello, 1, 0xff, 0xff)));
		cases.add(tls("a handshake length longer than the record", api, withBytes(hello, 6, 0x7f, 0xff)));
		cases.add(tls("a handshake type that is no ClientHello", api, withBytes(hello, 5, 0x02)));
		cases.add(tls("application data before any handshake", api, withBytes(hello, 0, 0x17)));
		cases.add(tls("an alert before any handshake", api, new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }));
		cases.add(tls("an SSLv2 ClientHello", api,
				new byte[] { (byte) 0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10, 0x07, 0x00, (byte) 0xc0 }));
		cases.add(tls("two ClientHellos", api, concat(hello, hello)));
		cases.add(tls("a plain HTTP/1.1 request", api,
				("GET " + api.target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
		cases.add(tls("the h2c preface in clear text", api, concat(Http2Frames.PREFACE, Http2Frames.settings())));
		cases.add(tls("nothing at all", api, new byte[0]));
		return cases.stream();
	}

	private static Stream<DynamicNode> afterTheBarrage(Api api) {
		ServiceProcess service = api.service();
		return Stream.of(dynamicTest(service.name() + " still answers over HTTP/1.1", () -> {
			HttpResponse<String> response = chain.get(service, api.target());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}), dynamicTest(service.name() + " still answers over HTTP/2", () -> {
			Outcome outcome = exchange(api, new byte[0], true, Http2Frames.PREFACE);
			assertThat(outcome.statuses()).as("%s", outcome).containsEntry(PROBE_STREAM, 200);
		}), dynamicTest(service.name() + " logged nothing at ERROR", () -> {
			// Netty reports a leak once the buffer is collected and a later buffer is tracked: collect, then allocate.
			for (int i = 0; i < 3; i++) {
				Process gc = new ProcessBuilder(Path.of(Project.java()).resolveSibling("jcmd").toString(),
						Long.toString(service.pid()), "GC.run").redirectErrorStream(true).start();
				assertThat(gc.waitFor()).as("jcmd GC.run: %s", new String(gc.getInputStream().readAllBytes())).isZero();
				for (int j = 0; j < 50; j++) {
					exchange(api, new byte[0], true, Http2Frames.PREFACE);
				}
			}
			// Tomcat logs its first HTTP/2 stream error at INFO with a trace, then at DEBUG: not an error.
			assertThat(fromTheFirstError(Files.readAllLines(service.log(), StandardCharsets.ISO_8859_1)))
				.as("%s's log", service.name())
				.isEmpty();
		}));
	}

	// ---- running a case

	/** What a case accepts of the connection once its frames are written. */
	private enum Expect {

		/** Either kept (the PING answered) or closed, as long as nothing is a 5xx or leaks. */
		CLEAN,

		/** A connection error: the server must close the connection (after a GOAWAY, as RFC 9113 5.4.1 asks). */
		CLOSED,

		/** Something HTTP/2 says to ignore or to answer: the connection stays and the request after it is served. */
		SERVED,

		/** As {@link #CLEAN}, but the server answers 501 by design: the only 5xx allowed. */
		NOT_IMPLEMENTED
	}

	private boolean onTomcat() {
		return Stacks.TOMCAT.equals(stack);
	}

	private DynamicNode h2(String name, Api api, byte[] frames, Expect expect) {
		return h2(name, api, frames, expect, false);
	}

	/**
	 * {@code halfClose}: the frames leave the server waiting for bytes that never come (a lying length, a header
	 * block without end), so the case ends its output after them and the server sees the end of the stream.
	 */
	private DynamicNode h2(String name, Api api, byte[] frames, Expect expect, boolean halfClose) {
		return h2(name, api, concat(Http2Frames.settings(), frames), expect, halfClose, Http2Frames.PREFACE);
	}

	private DynamicNode h2(String name, Api api, byte[] frames, Expect expect, boolean halfClose, byte[] preface) {
		return dynamicTest(name, () -> {
			long logFrom = Files.size(api.service().log());
			boolean probe = !halfClose && expect != Expect.CLOSED || expect == Expect.SERVED;
			Outcome outcome = exchange(api, frames, probe ? api.request(PROBE_STREAM, END_HEADERS | END_STREAM) : null,
					preface, halfClose);
			assertThat(outcome.statuses().values()).as("%s: %s", name, outcome)
				.allMatch(status -> status < 500 || expect == Expect.NOT_IMPLEMENTED && status == 501);
			assertNothingLoggedAtError(name, api.service(), logFrom);
			outcome.bodies().values().forEach(body -> assertThat(body).as("%s: body", name).doesNotContain(LEAKS));
			switch (expect) {
				case CLOSED -> assertThat(outcome.closed()).as("%s: the connection closed: %s", name, outcome).isTrue();
				case SERVED -> {
					assertThat(outcome.pingAnswered()).as("%s: PING answered: %s", name, outcome).isTrue();
					assertThat(outcome.statuses()).as("%s: the request after it: %s", name, outcome)
						.containsEntry(PROBE_STREAM, 200);
				}
				case CLEAN, NOT_IMPLEMENTED -> assertThat(outcome.pingAnswered() || outcome.closed())
					.as("%s: PING answered or connection closed: %s", name, outcome)
					.isTrue();
			}
		});
	}

	private static Outcome exchange(Api api, byte[] frames, boolean probe, byte[] preface) throws IOException {
		return exchange(api, frames, probe ? api.request(PROBE_STREAM, END_HEADERS | END_STREAM) : null,
				concat(preface, Http2Frames.settings()), false);
	}

	/**
	 * Opens an h2 connection over TLS, writes {@code preface}, {@code frames}, a PING and the HEADERS frame
	 * {@code probe} on {@link #PROBE_STREAM} if given, and reads until the PING is answered and the probe's
	 * stream finished, or the connection closes.
	 */
	private static Outcome exchange(Api api, byte[] frames, byte[] probe, byte[] preface, boolean halfClose)
			throws IOException {
		try (SSLSocket socket = h2Socket(api.service().port())) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			Outcome outcome = new Outcome();
			try {
				out.write(concat(preface, frames, Http2Frames.ping(PING_MARKER),
						probe != null ? probe : new byte[0]));
				out.flush();
				if (halfClose) {
					socket.shutdownOutput();
				}
			}
			catch (SocketException | SSLException closedWhileWriting) {
				// The server may close while a flood is still being written; what it sent before is read below.
			}
			DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
			Map<Integer, ByteArrayOutputStream> blocks = new HashMap<>();
			while (true) {
				Frame frame;
				try {
					frame = Http2Frames.read(in);
				}
				catch (SocketTimeoutException hung) {
					throw new AssertionError("neither answered nor closed within " + READ_LIMIT + ": " + outcome, hung);
				}
				catch (EOFException | SocketException | SSLException closed) {
					frame = null;
				}
				if (frame == null) {
					outcome.closed = true;
					return outcome;
				}
				outcome.frames++;
				switch (frame.type()) {
					case SETTINGS -> {
						if (!frame.has(ACK)) {
							write(out, Http2Frames.settingsAck());
						}
					}
					case PING -> {
						if (frame.has(ACK) && ByteBuffer.wrap(frame.payload()).getLong() == PING_MARKER) {
							outcome.pingAnswered = true;
						}
					}
					case HEADERS, CONTINUATION -> {
						blocks.computeIfAbsent(frame.streamId(), s -> new ByteArrayOutputStream())
							.writeBytes(headerBlockOf(frame));
						if (frame.has(END_HEADERS)) {
							outcome.headers(frame.streamId(), decode(decoder, frame.streamId(),
									blocks.remove(frame.streamId()).toByteArray()));
						}
						if (frame.type() == HEADERS && frame.has(END_STREAM)) {
							outcome.ended.add(frame.streamId());
						}
					}
					case DATA -> {
						outcome.bodies.computeIfAbsent(frame.streamId(), s -> new ByteArrayOutputStream())
							.writeBytes(frame.payload());
						if (frame.has(END_STREAM)) {
							outcome.ended.add(frame.streamId());
						}
					}
					case RST_STREAM -> outcome.reset.put(frame.streamId(), frame.errorCode());
					case GOAWAY -> outcome.goAway = frame.errorCode();
					default -> {
					}
				}
				if (outcome.pingAnswered && outcome.goAway == null
						&& (probe == null || outcome.ended.contains(PROBE_STREAM) || outcome.reset.containsKey(PROBE_STREAM))) {
					return outcome;
				}
			}
		}
	}

	/**
	 * What {@code service} logged at ERROR since its log was {@code from} bytes long: lines written while the
	 * case ran (or just before, when a previous case's error is logged late; the barrage's end checks all).
	 */
	private static void assertNothingLoggedAtError(String name, ServiceProcess service, long from) throws IOException {
		byte[] log = Files.readAllBytes(service.log());
		String written = new String(log, (int) Math.min(from, log.length), (int) Math.max(0, log.length - from),
				StandardCharsets.ISO_8859_1);
		assertThat(fromTheFirstError(written.lines().toList())).as("%s: %s logged at ERROR", name, service.name())
			.isEmpty();
	}

	/** The first line logged at ERROR and the stack trace after it, which says what went wrong; none: empty. */
	private static List<String> fromTheFirstError(List<String> lines) {
		int first = IntStream.range(0, lines.size())
			.filter((i) -> atError(lines.get(i)))
			.findFirst()
			.orElse(lines.size());
		return lines.subList(first, Math.min(lines.size(), first + 40));
	}

	private static boolean atError(String line) {
		return line.matches("^\\S+\\s+ERROR\\s.*");
	}

	/** A HEADERS frame's header block, without its padding and priority fields. */
	private static byte[] headerBlockOf(Frame frame) {
		byte[] payload = frame.payload();
		if (frame.type() != HEADERS) {
			return payload;
		}
		int from = 0;
		int to = payload.length;
		if (frame.has(Http2Frames.PADDED)) {
			to -= payload[0] & 0xff;
			from = 1;
		}
		if (frame.has(Http2Frames.PRIORITY_FLAG)) {
			from += 5;
		}
		return Arrays.copyOfRange(payload, from, Math.max(from, to));
	}

	private static Http2Headers decode(DefaultHttp2HeadersDecoder decoder, int streamId, byte[] block) {
		ByteBuf buffer = Unpooled.wrappedBuffer(block);
		try {
			return decoder.decodeHeaders(streamId, buffer);
		}
		catch (Http2Exception ex) {
			throw new AssertionError("the server's header block on stream " + streamId + " is no valid HPACK", ex);
		}
		finally {
			buffer.release();
		}
	}

	private static void write(OutputStream out, byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		}
		catch (IOException closing) {
			// the reader sees the close
		}
	}

	private static SSLSocket h2Socket(int port) throws IOException {
		SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.setSoTimeout((int) READ_LIMIT.toMillis());
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setApplicationProtocols(new String[] { "h2" });
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		assertThat(socket.getApplicationProtocol()).as("ALPN").isEqualTo("h2");
		return socket;
	}

	/** What came back on one connection. */
	private static final class Outcome {

		boolean closed;

		boolean pingAnswered;

		Integer goAway;

		int frames;

		final Map<Integer, Integer> statuses = new HashMap<>();

		final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();

		final Map<Integer, Integer> reset = new HashMap<>();

		final Set<Integer> ended = new HashSet<>();

		void headers(int streamId, Http2Headers headers) {
			CharSequence status = headers.status();
			if (status != null) {
				this.statuses.put(streamId, Integer.parseInt(status.toString()));
			}
		}

		Map<Integer, Integer> statuses() {
			return this.statuses;
		}

		Map<Integer, String> bodies() {
			return this.bodies.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString(StandardCharsets.UTF_8)));
		}

		String body(int streamId) {
			return bodies().getOrDefault(streamId, "");
		}

		boolean closed() {
			return this.closed;
		}

		boolean pingAnswered() {
			return this.pingAnswered;
		}

		@Override
		public String toString() {
			Map<Integer, Integer> someStatuses = this.statuses.entrySet()
				.stream()
				.limit(5)
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			return "closed=" + this.closed + ", ping answered=" + this.pingAnswered + ", goaway=" + this.goAway
					+ ", frames=" + this.frames + ", statuses (" + this.statuses.size() + ")=" + someStatuses + ", reset="
					+ this.reset + ", probe=" + this.statuses.get(PROBE_STREAM);
		}
	}

	/**
	 * Writes {@code bytes} where a ClientHello belongs, ends the output and reads until the server closes:
	 * whatever it sends must be TLS (an alert or a handshake record), never an HTTP answer or a stack trace.
	 */
	private static DynamicNode tls(String name, Api api, byte[] bytes) {
		return dynamicTest(name, () -> {
			long logFrom = Files.size(api.service().log());
			byte[] answer;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", api.service().port()), 5_000);
				socket.setSoTimeout((int) READ_LIMIT.toMillis());
				try {
					socket.getOutputStream().write(bytes);
					socket.shutdownOutput();
				}
				catch (SocketException closedWhileWriting) {
					// the server may refuse before all is written
				}
				answer = readToEnd(socket.getInputStream(), name);
			}
			String text = new String(answer, StandardCharsets.ISO_8859_1);
			assertNothingLoggedAtError(name, api.service(), logFrom);
			assertThat(text).as("%s: answer", name).doesNotContain(LEAKS).doesNotContain("HTTP/1.1 5");
			if (answer.length > 0) {
				assertThat(answer[0]).as("%s: the first record's type (21 alert, 22 handshake), or an HTTP 400: %s", name,
						text.substring(0, Math.min(text.length(), 40)))
					.isIn((byte) 21, (byte) 22, (byte) 'H');
				if (answer[0] == 'H') {
					assertThat(text).as(name).startsWith("HTTP/1.1 400");
				}
			}
		});
	}

	private static byte[] readToEnd(InputStream in, String name) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8_192];
		try {
			for (int read; (read = in.read(buffer)) >= 0;) {
				all.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException hung) {
			throw new AssertionError(name + ": the server neither closed nor answered within " + READ_LIMIT, hung);
		}
		catch (SocketException reset) {
			// a reset is a close too
		}
		return all.toByteArray();
	}

	/** A real TLS 1.3 ClientHello offering h2, as the JDK's client writes it. */
	private static byte[] clientHello() {
		try {
			SSLEngine engine = tls.createSSLEngine("localhost", 443);
			engine.setUseClientMode(true);
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setApplicationProtocols(new String[] { "h2" });
			engine.setSSLParameters(parameters);
			ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
			engine.wrap(ByteBuffer.allocate(0), out);
			out.flip();
			byte[] hello = new byte[out.remaining()];
			out.get(hello);
			return hello;
		}
		catch (SSLException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ---- helpers

	/**
	 * A header block in HPACK as Netty's encoder writes it, every field never indexed: no dynamic table, so
	 * blocks stay independent however many go on one connection. Tomcat refuses pseudo-headers whose names
	 * are literals rather than static-table references, so a plainer hand-made encoding would not be served.
	 */
	private static byte[] headerBlock(String... namesAndValues) {
		DefaultHttp2Headers headers = new DefaultHttp2Headers(false);
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		ByteBuf block = Unpooled.buffer();
		try {
			new DefaultHttp2HeadersEncoder((name, value) -> true).encodeHeaders(0, headers, block);
			byte[] bytes = new byte[block.readableBytes()];
			block.readBytes(bytes);
			return bytes;
		}
		catch (Http2Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			block.release();
		}
	}

	private static byte[] getRequest(String authority, String path, String... extra) {
		String[] fields = new String[8 + extra.length];
		System.arraycopy(new String[] { ":method", "GET", ":scheme", "https", ":authority", authority, ":path", path }, 0,
				fields, 0, 8);
		System.arraycopy(extra, 0, fields, 8, extra.length);
		return headerBlock(fields);
	}

	/** {@code block} as one HEADERS frame and as many CONTINUATIONs as it takes, each at most {@code size}. */
	private static byte[] inFrames(int streamId, byte[] block, int size) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		for (int from = 0; from < block.length || from == 0; from += size) {
			int to = Math.min(block.length, from + size);
			boolean last = to == block.length;
			int type = from == 0 ? HEADERS : CONTINUATION;
			int flags = (last ? END_HEADERS : 0) | (from == 0 ? END_STREAM : 0);
			frames.writeBytes(frame(type, flags, streamId, Arrays.copyOfRange(block, from, to)));
			if (last) {
				break;
			}
		}
		return frames.toByteArray();
	}

	private static byte[] repeat(byte[] bytes, int count) {
		ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length * count);
		for (int i = 0; i < count; i++) {
			all.writeBytes(bytes);
		}
		return all.toByteArray();
	}

	private static byte[] withBytes(byte[] original, int at, int... values) {
		byte[] changed = original.clone();
		for (int i = 0; i < values.length; i++) {
			changed[at + i] = (byte) values[i];
		}
		return changed;
	}

	private static String describe(String[] fields) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i + 1 < fields.length; i += 2) {
			String value = fields[i + 1].replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
			text.append(text.isEmpty() ? "" : " ")
				.append(fields[i])
				.append('=')
				.append(value.length() > 20 ? value.substring(0, 20) + "..." : value);
		}
		return text.toString();
	}
}
