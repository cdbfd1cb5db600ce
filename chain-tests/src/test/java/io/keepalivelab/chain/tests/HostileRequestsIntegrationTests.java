package io.keepalivelab.chain.tests;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.keepalivelab.chain.ChainParameters;
import io.keepalivelab.testsupport.RawHttp;
import io.keepalivelab.testsupport.RawHttp.Closure;
import io.keepalivelab.testsupport.RawHttp.Exchange;
import io.keepalivelab.chain.BoundedInt;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.lab.Stacks;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Hostile and malformed requests against every service of one running chain, once on each server stack.
 * What a service answers itself is a 4xx problem body (or a 200 where HTTP allows what was sent), never a
 * 5xx or a stack trace. What the server rejects before Spring sees it (malformed framing, an initial line
 * or headers over its limits) gets a 4xx status and a closed connection: Reactor Netty's without a body,
 * Tomcat's 400 with a problem body. Where the stacks read HTTP differently (Tomcat holds to one valid
 * Host, refuses a query that is not UTF-8, answers OPTIONS * and refuses TRACE and CONNECT itself), each
 * case says so. After the barrage every service still answers and holds no leftover connections. The
 * cases are enumerated, random values come from a fixed seed, and every failure names its case.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
class HostileRequestsIntegrationTests {

	private static final long SEED = 20_261_130L;

	private static final int RANDOM_VALUES_PER_PARAMETER = 16;

	/** What would betray the implementation: a stack trace, an exception or a package name. */
	private static final List<String> LEAKS = List.of("Exception", "\tat ", "java.", "org.springframework", "reactor.",
			"io.netty", "tools.jackson");

	/** Strings no integer parameter may take, whatever its range. */
	private static final List<String> NOT_INTEGERS = List.of("abc", "", "%20", "1.5", "1e3", "0x10", "1_000",
			"1%2C000", "NaN", "Infinity", "--1", "%2B-1", "1-", "%00", "1%00", "%FF", "%C0%AF", "%3Cscript%3E",
			"2147483648", "-2147483649", "9223372036854775808", "1" + "0".repeat(100),
			"%EF%BC%91" /* fullwidth digit one */, "%D9%A1" /* Arabic-Indic digit one */,
			"%E0%A5%A7" /* Devanagari digit one */, "%F0%9F%92%A9" /* an emoji */,
			"%E2%80%AE1" /* right-to-left override, then 1 */);

	/** Request headers beyond Reactor Netty's 8 KB limit for all headers together. */
	private static final int OVER_HEADER_LIMIT = 1_000;

	/** The server's open connections, counted the same way on both stacks. */
	private static final Pattern SERVER_CONNECTIONS = Pattern
		.compile("(?m)^keepalive_lab_server_connections_open\\{[^}]*} ([0-9.]+)$");

	/**
	 * Every uri tag of a server-side request meter: Spring's on both stacks, and Reactor Netty's own should one come
	 * back on Netty.
	 */
	private static final Pattern SERVER_URI_TAG = Pattern
		.compile("(?m)^(?:reactor_netty_http_server|http_server_requests)\\w*\\{[^}]*uri=\"([^\"]*)\"");

	/** The uri tags every path outside the API shares: Spring's for no route, and "http". */
	private static final Set<String> SHARED_URI_TAGS = Set.of("UNKNOWN", "/**", "http", "root");

	@TempDir
	static Path workDir;

	private static Chain chain;

	@Parameter
	String stack;

	@BeforeParameterizedClassInvocation
	static void startChain(String stack) {
		chain = Chain.start(workDir.resolve(stack), Stacks.all(stack), "default");
	}

	@AfterParameterizedClassInvocation
	static void stopChain() {
		if (chain != null) {
			chain.close();
			chain = null;
		}
	}

	@TestFactory
	Stream<DynamicNode> hostileRequests() {
		Random random = new Random(SEED);
		List<BoundedInt> callsAndWork = List.of(ChainParameters.CALLS, ChainParameters.WORK_MS);
		List<Api> apis = List.of(new Api(chain.publicApi(), "/api/chain", callsAndWork),
				new Api(chain.orchestration(), "/orchestrate", callsAndWork),
				new Api(chain.backend(), "/work", List.of(ChainParameters.WORK_MS)));
		Stream<DynamicNode> barrage = apis.stream()
			.map(api -> dynamicContainer(api.service().name() + " " + api.path() + " on " + stack,
					Stream.of(dynamicContainer("parameters", parameterCases(api, random)),
							dynamicContainer("methods and paths", methodAndPathCases(api)),
							dynamicContainer("headers", headerCases(api)),
							dynamicContainer("framing and limits", framingCases(api)))));
		Stream<DynamicNode> after = Stream.of(dynamicContainer("after the barrage",
				apis.stream().flatMap(HostileRequestsIntegrationTests::afterTheBarrage)));
		return Stream.concat(barrage, after);
	}

	@ParameterizedTest
	@ValueSource(strings = { "public-api", "orchestration-api", "backend-api" })
	void actuatorListsExactlyTheLabEndpoints(String service) {
		HttpResponse<String> links = chain.get(service(service), "/actuator");

		assertThat(links.statusCode()).isEqualTo(200);
		assertThat(Chain.read(links.body(), Map.class).get("_links")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("self", "health", "health-path", "info", "prometheus", "connections");
	}

	@ParameterizedTest(name = "{0}: {1} {2}")
	@MethodSource("unexposedEndpoints")
	void everyOtherActuatorEndpointIsNotFound(String service, String method, String path) {
		RawHttp.Response response = RawHttp.exchange(service(service).port(), request(method, path, "Content-Length: 0"), 1)
			.response();

		// Problem JSON, except health/../env: the health endpoint answers an unknown group with an empty 404.
		assertThat(response.status()).as("%s %s: %s", method, path, response).isEqualTo(404);
		assertThat(response.body()).doesNotContain(LEAKS);
	}

	static Stream<Arguments> unexposedEndpoints() {
		List<String> endpoints = List.of("env", "beans", "heapdump", "threaddump", "configprops", "conditions",
				"loggers", "mappings", "metrics", "scheduledtasks", "caches", "startup", "sbom", "logfile",
				"httpexchanges", "auditevents", "shutdown", "env/PATH", "loggers/ROOT", "health/../env");
		return Stream.of("public-api", "orchestration-api", "backend-api")
			.flatMap(service -> Stream.concat(endpoints.stream().map(e -> Arguments.of(service, "GET", "/actuator/" + e)),
					Stream.of(Arguments.of(service, "POST", "/actuator/shutdown"),
							Arguments.of(service, "POST", "/actuator/loggers/ROOT"))));
	}

	// ---- the cases

	/** One service's API: its process, its path and the bounded parameters it reads, in order. */
	private record Api(ServiceProcess service, String path, List<BoundedInt> parameters) {

		/** {@code parameter} at {@code rawValue}, every other parameter at its minimum. */
		String target(BoundedInt parameter, String rawValue) {
			return path + "?" + parameters.stream()
				.map(p -> p.name() + "=" + (p.equals(parameter) ? rawValue : String.valueOf(p.min())))
				.collect(Collectors.joining("&"));
		}

		/** Every parameter at its minimum. */
		String target() {
			return target(null, null);
		}
	}

	private Stream<DynamicNode> parameterCases(Api api, Random random) {
		List<DynamicNode> cases = new ArrayList<>();
		for (BoundedInt parameter : api.parameters()) {
			List<String> rejected = new ArrayList<>(NOT_INTEGERS);
			rejected.addAll(List.of(String.valueOf(parameter.min() - 1), String.valueOf(parameter.max() + 1),
					String.valueOf(Integer.MIN_VALUE), String.valueOf(Integer.MAX_VALUE)));
			rejected.addAll(randomNonIntegers(random, RANDOM_VALUES_PER_PARAMETER));
			for (String value : rejected) {
				String target = api.target(parameter, value);
				// Tomcat decodes the query itself and refuses one that is not UTF-8 before Spring reads it.
				Expectation expected = decodesAsUtf8(value) ? invalidParameter(parameter)
						: onStack(invalidParameter(parameter), problemThenClosed(400));
				cases.add(check(target, api, request("GET", target), expected));
			}
			String name = parameter.name();
			for (String repeated : List.of(name + "=1&" + name + "=2", name + "=1&" + name + "=1", name + "&" + name,
					name)) {
				String target = api.path() + "?" + repeated;
				cases.add(check(target, api, request("GET", target), invalidParameter(parameter)));
			}
			for (String accepted : List.of("%20" + parameter.min() + "%20", "%2B" + parameter.min(),
					"000" + parameter.min())) {
				String target = api.target(parameter, accepted);
				cases.add(check(target, api, request("GET", target), answered()));
			}
		}
		for (String ignored : List.of("unknown=1&", "CALLS=999&WORKMS=-1&", "&&&")) {
			String target = api.target().replace("?", "?" + ignored);
			cases.add(check(target + " (unknown names are ignored)", api, request("GET", target), answered()));
		}
		// Each parameter within its bounds, together more backend work than one request may ask for.
		if (api.parameters().contains(ChainParameters.CALLS)) {
			for (String tooMuch : List.of("calls=50&workMs=10000", "calls=4&workMs=10000", "calls=31&workMs=1000",
					"calls=50&workMs=601")) {
				String target = api.path() + "?" + tooMuch;
				cases.add(check(target + " (too much work)", api, request("GET", target), tooMuchWork()));
			}
			String atTheBound = api.path() + "?calls=3&workMs=0";
			cases.add(check(atTheBound, api, request("GET", atTheBound), answered()));
		}
		String noName = api.target().replace("?", "?=1&");
		cases.add(check(noName + " (a value without a name: Tomcat refuses the query)", api, request("GET", noName),
				onStack(answered(), problemThenClosed(400))));
		return cases.stream();
	}

	private Stream<DynamicNode> methodAndPathCases(Api api) {
		String target = api.target();
		List<DynamicNode> cases = new ArrayList<>();
		for (String method : List.of("PATCH", "DELETE", "PUT", "FOO", "get")) {
			cases.add(check(method + " " + target, api, request(method, target), methodNotAllowed()));
		}
		// Tomcat refuses TRACE itself (its connector's allowTrace is off), naming the methods its servlet has.
		cases.add(check("TRACE " + target, api, request("TRACE", target), onStack(methodNotAllowed(), (name, exchange) -> {
			problemBody(name, exchange.response(), 405);
			assertThat(exchange.response().header("allow")).as(name).contains("GET").doesNotContain("TRACE");
		})));
		// Tomcat answers CONNECT 501 Not Implemented itself, as RFC 9110 has it for a method a server lacks.
		cases.add(check("CONNECT " + target, api, request("CONNECT", target),
				onStack(methodNotAllowed(), tomcatAnswersItself(501))));
		cases.add(check("POST with a body", api, request("POST", target, "Content-Type: application/json",
				"Content-Length: 2") + "{}", methodNotAllowed()));
		cases.add(check("OPTIONS lists the methods", api, request("OPTIONS", target), (name, exchange) -> {
			assertThat(exchange.response().status()).as(name).isEqualTo(200);
			assertThat(exchange.response().header("allow")).as(name).contains("GET");
		}));
		cases.add(check("HEAD", api, request("HEAD", target), (name, exchange) -> {
			assertThat(exchange.response().status()).as(name).isEqualTo(200);
			assertThat(exchange.response().header("content-type")).as(name).isEqualTo("application/json");
		}));
		cases.add(check("G(T: a method that is no token", api, request("G(T", target), serverRejects(400)));
		String path = api.path();
		for (String unknown : List.of("/nope", path + "/", path + "/extra", path.toUpperCase(Locale.ROOT),
				"/" + path, "/%E2%82%AC", "/" + "a".repeat(3_000), "/actuator/nope", "/")) {
			cases.add(check("GET " + abbreviate(unknown), api, request("GET", unknown), problem(404)));
		}
		// Tomcat refuses a path that climbs above the root before mapping it.
		for (String climbing : List.of(path + "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd")) {
			cases.add(check("GET " + climbing, api, request("GET", climbing), onStack(problem(404), problemThenClosed(400))));
		}
		// Tomcat answers OPTIONS * itself with the methods it serves.
		cases.add(check("OPTIONS *", api, request("OPTIONS", "*"), onStack(problem(404), (name, exchange) -> {
			assertThat(exchange.response().status()).as(name).isEqualTo(200);
			assertThat(exchange.response().header("allow")).as(name).contains("GET");
		})));
		// An absolute-form target whose host is not the Host header: Tomcat refuses the mismatch.
		cases.add(check("GET http://evil.example" + target + " (absolute form)", api,
				request("GET", "http://evil.example" + target), onStack(answered(), problemThenClosed(400))));
		// Spring cannot build a URI from a malformed escape: on Netty a 400 without a body, on a connection that
		// still serves the next request; Tomcat refuses the escape itself, with a problem body, and closes.
		for (String malformed : List.of("/%zz", path + "?" + api.parameters().get(0).name() + "=%", path + "?%G1=1")) {
			String name = "GET " + malformed + " (malformed escape)";
			cases.add(onTomcat() ? check(name, api, request("GET", malformed), problemThenClosed(400))
					: checkThenMarker(name, api, request("GET", malformed),
							(what, response) -> assertThat(response.status()).as("%s: %s", what, response).isEqualTo(400)));
		}
		return cases.stream();
	}

	private Stream<DynamicNode> headerCases(Api api) {
		String target = api.target();
		List<DynamicNode> cases = new ArrayList<>();
		for (String accept : List.of("application/json", "*/*", "application/*", "application/*+json")) {
			cases.add(check("Accept: " + accept, api, request("GET", target, "Accept: " + accept), answered()));
		}
		for (String accept : List.of("text/html", "application/xml", "application/problem+json")) {
			cases.add(check("Accept: " + accept, api, request("GET", target, "Accept: " + accept), problem(406)));
		}
		// An Accept header that cannot be read is disregarded, as RFC 9110 allows; Spring reads at most 50
		// media types.
		for (String accept : List.of("garbage", "*/*;q=abc", "application/jsön", "application/json, ".repeat(51),
				"text/html, ".repeat(600))) {
			cases.add(check("Accept: " + abbreviate(accept), api, request("GET", target, "Accept: " + accept),
					answered()));
		}
		cases.add(check("Content-Type: garbage on a GET without body", api,
				request("GET", target, "Content-Type: ;;garbage"), answered()));
		String get = "GET " + target + " HTTP/1.1\r\n";
		// HTTP/1.1 asks for exactly one valid Host: Tomcat holds to it, Reactor Netty lets it pass.
		cases.add(check("no Host", api, get + "\r\n", onStack(answered(), problemThenClosed(400))));
		cases.add(check("empty Host", api, get + "Host:\r\n\r\n", answered()));
		cases.add(check("two Hosts", api, get + "Host: a.example\r\nHost: b.example\r\n\r\n",
				onStack(answered(), problemThenClosed(400))));
		cases.add(check("Host: evil.example", api, get + "Host: evil.example\r\n\r\n", answered()));
		cases.add(check("Host: ünïcödé.example", api, get + "Host: ünïcödé.example\r\n\r\n",
				onStack(answered(), problemThenClosed(400))));
		cases.add(check("Host: localhost:abc", api, get + "Host: localhost:abc\r\n\r\n", serverRejects(400)));
		cases.add(check("HTTP/1.0 without Host", api, "GET " + target + " HTTP/1.0\r\n\r\n", answeredThenClosed()));
		cases.add(check("Connection: close", api, request("GET", target, "Connection: close"), answeredThenClosed()));
		cases.add(check("Connection: banana", api, request("GET", target, "Connection: banana"), answered()));
		cases.add(check("Upgrade: h2c with bogus settings", api, request("GET", target,
				"Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: !!!"), answered()));
		cases.add(check("Upgrade: websocket", api, request("GET", target, "Connection: Upgrade", "Upgrade: websocket"),
				answered()));
		// Tomcat reads at most 100 headers (maxHeaderCount); these are 101 with Host.
		cases.add(check("100 headers", api, request("GET", target, fillerHeaders(100)),
				onStack(answered(), problemThenClosed(400))));
		cases.add(check("a header name with a space", api, request("GET", target, "Bad Header: x"),
				serverRejects(400)));
		return cases.stream();
	}

	private Stream<DynamicNode> framingCases(Api api) {
		String target = api.target();
		List<DynamicNode> cases = new ArrayList<>();
		cases.add(checkThenMarker("GET with a Content-Length body", api,
				request("GET", target, "Content-Type: application/json", "Content-Length: 13") + "{\"calls\": 50}",
				HostileRequestsIntegrationTests::answered));
		cases.add(checkThenMarker("GET with a chunked body", api,
				request("GET", target, "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n",
				HostileRequestsIntegrationTests::answered));
		// Both lengths: RFC 9112 lets the server read it as chunked and close after, which Tomcat does.
		cases.add(check("Content-Length: 3 + Transfer-Encoding: chunked", api,
				request("GET", target, "Content-Length: 3", "Transfer-Encoding: chunked") + "ab",
				onStack(serverRejects(400), answeredThenClosed())));
		for (String[] framing : List.of(new String[] { "Content-Length: -1" }, new String[] { "Content-Length: abc" },
				new String[] { "Content-Length: 99999999999999999999" },
				new String[] { "Content-Length: 1", "Content-Length: 2" })) {
			cases.add(check(String.join(" + ", framing), api, request("GET", target, framing) + "ab",
					serverRejects(400)));
		}
		// The headers were complete, so the GET may be answered before the broken body is decoded.
		cases.add(check("a chunk size that is no number", api,
				request("GET", target, "Transfer-Encoding: chunked") + "zz\r\nhello\r\n0\r\n\r\n", (name, exchange) -> {
					RawHttp.Response response = exchange.response();
					assertThat(response.status()).as("%s: %s", name, response).isIn(200, 400);
					if (response.closesTheConnection()) {
						assertThat(exchange.closure()).as(name).isNotEqualTo(Closure.OPEN);
					}
				}));
		for (int size : List.of(10_000, 100_000)) {
			cases.add(check("a " + size / 1000 + " kB URL", api, request("GET", target + "&pad=" + "x".repeat(size)),
					serverRejects(414)));
			cases.add(check("a " + size / 1000 + " kB header", api, request("GET", target, "X-Big: " + "x".repeat(size)),
					serverRejects(431)));
		}
		cases.add(check(OVER_HEADER_LIMIT + " headers", api, request("GET", target, fillerHeaders(OVER_HEADER_LIMIT)),
				serverRejects(431)));
		cases.add(check("a request line that is no request", api, "HELLO\r\n\r\n", serverRejects(400)));
		// Tomcat answers 505 HTTP Version Not Supported, as RFC 9110 has it.
		cases.add(check("HTTP/2.0 in an HTTP/1 request line", api, "GET " + target + " HTTP/2.0\r\nHost: x\r\n\r\n",
				onStack(serverRejects(400), tomcatAnswersItself(505))));
		return cases.stream();
	}

	private static Stream<DynamicNode> afterTheBarrage(Api api) {
		ServiceProcess service = api.service();
		return Stream.of(dynamicTest(service.name() + " still answers", () -> {
			HttpResponse<String> response = chain.get(service, api.target());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}), dynamicTest(service.name() + " holds no leftover connections", () -> {
			Leftovers leftovers = awaitNoLeftoverConnections(service);
			assertThat(leftovers.open()).as("%s connections still open, of which %s are its upstream's pool and one the"
					+ " test's own", service.name(), leftovers.pooledByUpstream())
				.isLessThanOrEqualTo(leftovers.allowed());
		}), dynamicTest(service.name() + " did not tag meters with the unknown paths", () -> {
			Set<String> uris = new TreeSet<>();
			Matcher tag = SERVER_URI_TAG.matcher(chain.get(service, "/actuator/prometheus").body());
			while (tag.find()) {
				uris.add(tag.group(1));
			}
			// The API path, the actuator's own, and values shared by every other path: random paths must not
			// grow the meter registry without bound.
			assertThat(uris).as("uri tags of %s's server meters", service.name())
				.contains(api.path())
				.allSatisfy(uri -> assertThat(uri.equals(api.path()) || SHARED_URI_TAGS.contains(uri)
						|| uri.startsWith("/actuator")).as(uri).isTrue());
		}));
	}

	// ---- expectations

	/** What a case expects of the responses to what it wrote. */
	@FunctionalInterface
	private interface Expectation {

		void verify(String name, Exchange exchange);

		/** Whether the case's answer is a 5xx that the server gives by design, never one that it hit. */
		default boolean serverErrorByDesign() {
			return false;
		}
	}

	private boolean onTomcat() {
		return Stacks.TOMCAT.equals(stack);
	}

	/** Where the stacks answer differently, each within HTTP's rules. */
	private Expectation onStack(Expectation netty, Expectation tomcat) {
		return onTomcat() ? tomcat : netty;
	}

	/**
	 * The server's own rejection of what it cannot read, before Spring sees it: Reactor Netty's {@code netty}
	 * status without a body, Tomcat's 400 with a problem body; either way the connection closes.
	 */
	private Expectation serverRejects(int netty) {
		return onStack(rejectedBeforeSpring(netty), problemThenClosed(400));
	}

	/** A 5xx that Tomcat gives by RFC 9110 for what it does not implement, with a problem body. */
	private static Expectation tomcatAnswersItself(int status) {
		return new Expectation() {

			@Override
			public void verify(String name, Exchange exchange) {
				problemBody(name, exchange.response(), status);
			}

			@Override
			public boolean serverErrorByDesign() {
				return true;
			}
		};
	}

	private static DynamicNode check(String name, Api api, String request, Expectation expectation) {
		return dynamicTest(name, () -> {
			Exchange exchange = RawHttp.exchange(api.service().port(), request, 1);
			if (!expectation.serverErrorByDesign()) {
				assertNoServerError(name, exchange);
			}
			assertNoLeak(name, exchange);
			expectation.verify(name, exchange);
		});
	}

	/**
	 * Writes {@code request} and right behind it a valid request answered with {@code workMs=7}: the answer
	 * to the second shows that the server read exactly the first, body included, and kept serving.
	 */
	private static DynamicNode checkThenMarker(String name, Api api, String request,
			BiConsumer<String, RawHttp.Response> firstResponse) {
		String marker = request("GET", api.target(ChainParameters.WORK_MS, "7"));
		return dynamicTest(name + ", then a valid request", () -> {
			Exchange exchange = RawHttp.exchange(api.service().port(), request + marker, 2);
			assertNoServerError(name, exchange);
			assertNoLeak(name, exchange);
			firstResponse.accept(name, exchange.responses().get(0));
			RawHttp.Response next = exchange.responses().get(1);
			assertThat(next.status()).as("%s, the valid request after it: %s", name, next).isEqualTo(200);
			assertThat(next.body()).as("%s, the valid request after it", name).contains("\"workMs\":7");
		});
	}

	private static void assertNoServerError(String name, Exchange exchange) {
		for (RawHttp.Response response : exchange.responses()) {
			assertThat(response.status()).as("%s: %s", name, response).isLessThan(500);
		}
	}

	private static void assertNoLeak(String name, Exchange exchange) {
		for (RawHttp.Response response : exchange.responses()) {
			assertThat(response.body()).as("%s: body", name).doesNotContain(LEAKS);
		}
	}

	private static Expectation answered() {
		return (name, exchange) -> answered(name, exchange.response());
	}

	private static void answered(String name, RawHttp.Response response) {
		assertThat(response.status()).as("%s: %s", name, response).isEqualTo(200);
		assertThat(response.header("content-type")).as(name).isEqualTo("application/json");
	}

	private static Expectation answeredThenClosed() {
		return (name, exchange) -> {
			answered(name, exchange.response());
			assertThat(exchange.closure()).as(name).isEqualTo(Closure.CLOSED);
		};
	}

	private static Expectation problem(int status) {
		return (name, exchange) -> problemBody(name, exchange.response(), status);
	}

	private static Expectation methodNotAllowed() {
		return (name, exchange) -> {
			problemBody(name, exchange.response(), 405);
			assertThat(exchange.response().header("allow")).as(name).isEqualTo("GET");
		};
	}

	private static Expectation invalidParameter(BoundedInt parameter) {
		return (name, exchange) -> {
			Map<?, ?> problem = problemBody(name, exchange.response(), 400);
			assertThat(problem.get("parameter")).as(name).isEqualTo(parameter.name());
			assertThat(problem.get("allowed")).as(name).isEqualTo(parameter.allowed());
			assertThat((String) problem.get("detail")).as(name).startsWith(parameter.name() + " must");
		};
	}

	private static Expectation tooMuchWork() {
		return (name, exchange) -> {
			Map<?, ?> problem = problemBody(name, exchange.response(), 400);
			assertThat(problem.get("parameters")).as(name).isEqualTo(List.of("calls", "workMs"));
			assertThat(problem.get("maxTotalWorkMs")).as(name).isEqualTo(ChainParameters.MAX_TOTAL_WORK_MS);
			assertThat(((Number) problem.get("totalWorkMs")).longValue()).as(name)
				.isGreaterThan(ChainParameters.MAX_TOTAL_WORK_MS);
		};
	}

	private static Map<?, ?> problemBody(String name, RawHttp.Response response, int status) {
		assertThat(response.status()).as("%s: %s", name, response).isEqualTo(status);
		assertThat(response.header("content-type")).as("%s: %s", name, response).isEqualTo("application/problem+json");
		Map<?, ?> problem = Chain.read(response.body(), Map.class);
		assertThat(problem.get("status")).as(name).isEqualTo(status);
		assertThat(problem.get("detail")).as(name).asString().isNotBlank();
		return problem;
	}

	/** A problem body, then the connection closes: Tomcat drops the connection after a 400. */
	private static Expectation problemThenClosed(int status) {
		return (name, exchange) -> {
			problemBody(name, exchange.response(), status);
			assertThat(exchange.closure()).as(name).isNotEqualTo(Closure.OPEN);
		};
	}

	/** Reactor Netty's own rejection: a 4xx status without a body, then the connection closes. */
	private static Expectation rejectedBeforeSpring(int status) {
		return (name, exchange) -> {
			assertThat(exchange.response().status()).as("%s: %s", name, exchange.response()).isEqualTo(status);
			assertThat(exchange.response().header("connection")).as(name).isEqualTo("close");
			assertThat(exchange.closure()).as(name).isNotEqualTo(Closure.OPEN);
		};
	}

	// ---- helpers

	private static String request(String method, String target, String... headers) {
		StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		Arrays.stream(headers).forEach(header -> request.append(header).append("\r\n"));
		return request.append("\r\n").toString();
	}

	/** Whether a percent-encoded value decodes to UTF-8 text. */
	private static boolean decodesAsUtf8(String value) {
		try {
			byte[] bytes = URLDecoder.decode(value, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (IllegalArgumentException | CharacterCodingException notUtf8) {
			return false;
		}
	}

	private static String fillerHeaders(int count) {
		return IntStream.range(0, count)
			.mapToObj(i -> String.format("X-Filler-%04d: v", i))
			.collect(Collectors.joining("\r\n"));
	}

	/**
	 * Strings that are not integers, percent-encoded: each holds at least one character that is neither an
	 * ASCII digit nor a sign nor blank, among digits of other scripts, emoji, controls and marks.
	 */
	private static List<String> randomNonIntegers(Random random, int count) {
		int[][] ranges = { { '!', '~' }, { 0xA0, 0xFF }, { 0x01, 0x1F }, { 0x0300, 0x036F }, { 0x0660, 0x0669 },
				{ 0x0966, 0x096F }, { 0x2000, 0x200F }, { 0x4E00, 0x4E2F }, { 0xFF10, 0xFF19 }, { 0x1F600, 0x1F64F } };
		int[] neverInAnInteger = "x\u00e9\u0661\uff11\ud83d\ude00".codePoints().toArray();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			List<Integer> codePoints = new ArrayList<>();
			for (int length = 1 + random.nextInt(24); codePoints.size() < length;) {
				int[] range = ranges[random.nextInt(ranges.length)];
				codePoints.add(range[0] + random.nextInt(range[1] - range[0] + 1));
			}
			codePoints.add(random.nextInt(codePoints.size() + 1),
					neverInAnInteger[random.nextInt(neverInAnInteger.length)]);
			StringBuilder value = new StringBuilder();
			codePoints.forEach(value::appendCodePoint);
			values.add(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
		}
		return values;
	}

	/**
	 * Waits until the service holds no connection beyond the test client's own and those its upstream's pool
	 * keeps open to it (how many depends on how many calls overlapped earlier), reading both sides each time.
	 */
	private static Leftovers awaitNoLeftoverConnections(ServiceProcess service) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		Leftovers leftovers;
		do {
			leftovers = new Leftovers(serverConnectionsOpen(service), pooledByUpstream(service));
			if (leftovers.open() <= leftovers.allowed()) {
				return leftovers;
			}
			Thread.sleep(100);
		}
		while (System.nanoTime() < deadline);
		return leftovers;
	}

	/** A service's open inbound connections, and the upstream's pooled connections to it. */
	private record Leftovers(long open, long pooledByUpstream) {

		long allowed() {
			return pooledByUpstream + 1;
		}
	}

	private static long serverConnectionsOpen(ServiceProcess service) {
		Matcher gauge = SERVER_CONNECTIONS.matcher(chain.get(service, "/actuator/prometheus").body());
		long open = 0;
		boolean found = false;
		while (gauge.find()) {
			found = true;
			open += (long) Double.parseDouble(gauge.group(1));
		}
		// a renamed or dropped gauge must fail the check, not read as no connection left
		assertThat(found).as(service.name() + " publishes " + SERVER_CONNECTIONS.pattern()).isTrue();
		return open;
	}

	private static long pooledByUpstream(ServiceProcess service) {
		ServiceProcess upstream = service == chain.backend() ? chain.orchestration()
				: service == chain.orchestration() ? chain.publicApi() : null;
		if (upstream == null) {
			return 0;
		}
		return Connections.of(chain, upstream)
			.outbound()
			.values()
			.stream()
			.mapToLong(ConnectionAccounting.Outbound::active)
			.sum();
	}

	private static ServiceProcess service(String name) {
		return Stream.of(chain.publicApi(), chain.orchestration(), chain.backend())
			.filter(service -> service.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static String abbreviate(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "... (" + text.length() + " characters)";
	}
}
