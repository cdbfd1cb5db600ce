package io.keepalivelab.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.w3c.dom.Document;

/**
 * A run directory laid out as the demo leaves it, written scenario by scenario, and the report run on it
 * with what it printed kept: what the tests of the report and of each of its tables start from. As a
 * registered extension, each test gets a new directory holding {@link #writeRun()}'s two scenarios.
 */
final class RunDirectory implements BeforeEachCallback, AfterEachCallback {

	private Path runDir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		this.runDir = Files.createTempDirectory("report-run");
		this.out.reset();
		this.err.reset();
		writeRun();
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		try (Stream<Path> files = Files.walk(this.runDir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	Path dir() {
		return this.runDir;
	}

	/** The report.html the report wrote. */
	String html() throws IOException {
		return Files.readString(this.runDir.resolve(ComparisonReport.HTML_FILE_NAME));
	}

	/** Two scenarios, reuse (p50 20 ms) and no-reuse with a closing client (p50 40 ms). */
	void writeRun() throws IOException {
		Histogram reuse = new Histogram(3);
		reuse.recordValueWithCount(20, 90);
		reuse.recordValueWithCount(30, 5);
		reuse.recordValueWithCount(50, 4);
		reuse.recordValue(200);
		writeScenario("reuse", reuse, true, 0, new long[] { 4, 4, 4 });
		Histogram noReuse = new Histogram(3);
		noReuse.recordValueWithCount(40, 400);
		writeScenario("no-reuse", noReuse, false, 0, new long[] { 400, 400, 800 });
	}

	/** What the report printed on standard output. */
	String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	/** What the report printed on standard error. */
	String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	void resetOutput() {
		this.out.reset();
		this.err.reset();
	}

	/** Every inline SVG of the HTML report, parsed as XML (so each is well-formed). */
	List<Document> svgs() throws IOException {
		String html = html();
		List<Document> svgs = new ArrayList<>();
		Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
		while (svg.find()) {
			try {
				svgs.add(LatencyChartTests.parse(svg.group()));
			}
			catch (Exception ex) {
				throw new AssertionError("not well-formed: " + svg.group(), ex);
			}
		}
		return svgs;
	}

	int report(String... scenarios) {
		String[] args = new String[scenarios.length + 1];
		args[0] = this.runDir.toString();
		System.arraycopy(scenarios, 0, args, 1, scenarios.length);
		return run(args);
	}

	int run(String... args) {
		return ComparisonReport.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	/**
	 * A scenario of 10 measured seconds whose histogram holds the successful requests, and whose
	 * services accepted the given connections on each hop (client, public-api, orchestration-api).
	 */
	void writeScenario(String name, Histogram latencies, boolean keepAlive, long failures, long[] accepted)
			throws IOException {
		Path dir = Files.createDirectories(this.runDir.resolve(name));
		long requests = latencies.getTotalCount() + failures;
		new RunSummary(4, 10, 2, 2, 10, keepAlive, "http://localhost:8080/api/chain?calls=2&workMs=10", requests, failures, 10.0,
				requests / 10.0, 50, null)
			.write(dir.resolve(RunSummary.FILE_NAME));
		LatencyLog.write(dir.resolve(LatencyLog.FILE_NAME), latencies, 1_700_000_000_000L, 10.0);
		Path connections = Files.createDirectories(dir.resolve("connections"));
		Files.writeString(connections.resolve("public-api.json"),
				connections("public-api", accepted[0], requests, "orchestration-api", accepted[1], requests));
		Files.writeString(connections.resolve("orchestration-api.json"),
				connections("orchestration-api", accepted[1], requests, "backend-api", accepted[2], 2 * requests));
		Files.writeString(connections.resolve("backend-api.json"), connections("backend-api", accepted[2], 2 * requests,
				null, 0, 0));
		Path gatling = Files.createDirectories(dir.resolve("gatling/chainsimulation-1"));
		Files.writeString(gatling.resolve("index.html"), "<html></html>");
	}

	/**
	 * Two scenarios on an emulated network (customer d = 15 ms, internal d = 0.5 ms, calls 2, work 10 ms):
	 * reuse over plain HTTP with a p50 of 70 ms (predicted 53: too slow) and no-reuse over TLS 1.2 with a
	 * closing client, p50 160 ms (predicted 152). The first has no metrics file for orchestration-api.
	 */
	void writeEmulatedRun() throws IOException {
		Histogram reuse = new Histogram(3);
		reuse.recordValueWithCount(70, 100);
		writeScenario("reuse-plain", reuse, true, 0, new long[] { 4, 4, 4 });
		Path reuseDir = this.runDir.resolve("reuse-plain");
		Files.writeString(reuseDir.resolve("scenario.json"), settings("reuse-plain", "reuse", "plain", true));
		Files.writeString(reuseDir.resolve("links.json"), links(15.0, 4, 4, 4));
		Path reuseMetrics = Files.createDirectories(reuseDir.resolve("metrics"));
		Files.writeString(reuseMetrics.resolve("public-api.prom"), """
				# TYPE reactor_netty_http_client_connect_time_seconds summary
				reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 4
				reactor_netty_http_client_connect_time_seconds_sum{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 4.0E-4
				this line is not a sample
				""");

		Histogram noReuse = new Histogram(3);
		noReuse.recordValueWithCount(160, 400);
		writeScenario("no-reuse-tls12", noReuse, false, 0, new long[] { 400, 400, 800 });
		Path noReuseDir = this.runDir.resolve("no-reuse-tls12");
		Files.writeString(noReuseDir.resolve("scenario.json"), settings("no-reuse-tls12", "no-reuse", "tls12", false));
		Files.writeString(noReuseDir.resolve("links.json"), links(15.0, 412, 412, 824));
		Path noReuseMetrics = Files.createDirectories(noReuseDir.resolve("metrics"));
		Files.writeString(noReuseMetrics.resolve("public-api.prom"), PrometheusMetricsTests.PUBLIC_API_TLS12);
		Files.writeString(noReuseMetrics.resolve("orchestration-api.prom"),
				PrometheusMetricsTests.PUBLIC_API_TLS12.replace("18081", "18082")
					.replace("} 400", "} 800")
					.replace("} 0.02", "} 0.08")
					.replace("} 1.4", "} 3.2"));
		Files.writeString(noReuseMetrics.resolve("backend-api.prom"), "# a server has no client timers\n");
	}

	/** A machine floor for scenario {@code name}: p50 {@code p50Ms} with every link at 0, the backend alone if given. */
	void writeFloor(String name, long p50Ms, MachineFloor.BackendAlone backendAlone) throws IOException {
		Path floor = Files.createDirectories(this.runDir.resolve(name).resolve(MachineFloor.DIRECTORY));
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(p50Ms, 100);
		LatencyLog.write(floor.resolve(LatencyLog.FILE_NAME), latencies, 1_700_000_000_000L, 10.0);
		if (backendAlone != null) {
			Json.MAPPER.writeValue(floor.resolve(MachineFloor.BackendAlone.FILE_NAME).toFile(), backendAlone);
		}
	}

	/**
	 * A default demo run: reuse.plain (p50 62 ms, kept connections: 12 on the three hops) against
	 * no-reuse.plain with a closing client (p50 100 ms, 4 connections per request), on the emulated
	 * network (d = 15 / 0.5 ms, calls 2, work 10 ms: predicted 53 and 86 ms).
	 */
	void writeDefaultRun() throws IOException {
		writeModeScenario("reuse.plain", "reuse", "plain", 62);
		writeModeScenario("no-reuse.plain", "no-reuse", "plain", 100);
	}

	/**
	 * A scenario of a mode and a transport on the emulated network with a spread of latencies around
	 * {@code p50Ms}; the load generator keeps its connections only in reuse, the internal hops open one per
	 * call in every other mode.
	 */
	void writeModeScenario(String name, String mode, String transport, long p50Ms) throws IOException {
		boolean reuse = mode.equals("reuse");
		Histogram latencies = new Histogram(3);
		for (long offset = -8; offset <= 8; offset++) {
			latencies.recordValueWithCount(p50Ms + offset, 60 - 6 * Math.abs(offset));
		}
		latencies.recordValueWithCount(p50Ms * 2, 4);
		long requests = latencies.getTotalCount();
		long[] accepted = reuse ? new long[] { 4, 4, 4 } : new long[] { requests, requests, 2 * requests };
		writeScenario(name, latencies, reuse, 0, accepted);
		Files.writeString(this.runDir.resolve(name).resolve("scenario.json"), settings(name, mode, transport, reuse));
		writeLinks(name, accepted[0], accepted[1], accepted[2]);
	}

	/**
	 * A fault scenario of 12 measured seconds at 30 requests a second, 10 of which failed in each of the
	 * given seconds, with the fault's windows (JSON, or empty) in its fault.json.
	 */
	void writeFaultScenario(String name, String fault, String configuration, String expect,
			List<Integer> failingSeconds, String windows) throws IOException {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(60, 360 - 10L * failingSeconds.size());
		writeScenario(name, latencies, true, 10L * failingSeconds.size(), new long[] { 4, 4, 4 });
		Path dir = this.runDir.resolve(name);
		Files.writeString(dir.resolve(FaultSettings.FILE_NAME), "{\"fault\":\"%s\",\"configuration\":\"%s\","
				.formatted(fault, configuration) + "\"description\":\"the %s fault\",\"expect\":\"%s\",\"timeoutMs\":3000%s}"
					.formatted(fault, expect, windows.isEmpty() ? "" : ",\"windows\":" + windows));
		List<Long> succeeded = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (int second = 0; second < 12; second++) {
			boolean failing = failingSeconds.contains(second);
			succeeded.add(failing ? 20L : 30L);
			failed.add(failing ? 10L : 0L);
		}
		new Timeline(succeeded, failed).write(dir.resolve(Timeline.FILE_NAME));
	}

	static String settings(String name, String mode, String transport, boolean clientKeepAlive) {
		return settings(name, mode, transport, clientKeepAlive, "c1");
	}

	static String settings(String name, String mode, String transport, boolean clientKeepAlive, String jit) {
		return """
				{"name":"%s","mode":"%s","transport":"%s","customerDelayMs":15.0,"internalDelayMs":0.5,
				 "calls":2,"workMs":10,"clientKeepAlive":%s,"jit":"%s"}
				""".formatted(name, mode, transport, clientKeepAlive, jit);
	}

	/** The link emulator's /links with the given customer delay and connections per hop. */
	static String links(double customerDelayMs, long customer, long publicToOrchestration,
			long orchestrationToBackend) {
		String link = """
				{"name":"%s","listenAddress":"127.0.0.1","listenPort":%d,"targetHost":"127.0.0.1","targetPort":%d,\
				"delayMs":%s,"jitterMs":0.0,"connectionsOpened":%d,"connectionsActive":0,\
				"bytesClientToServer":123,"bytesServerToClient":456}""";
		return "{\"links\":[" + link.formatted("customer", 18080, 8080, customerDelayMs, customer) + ","
				+ link.formatted("public-to-orchestration", 18081, 8081, 0.5, publicToOrchestration) + ","
				+ link.formatted("orchestration-to-backend", 18082, 8082, 0.5, orchestrationToBackend) + "]}";
	}

	/**
	 * A reuse scenario over plain HTTP on an emulated network (d = 15 / 0.5 ms, calls 2, work 10 ms), 1000
	 * requests at a p50 of 60 ms from 4 users, whose services (public-api, orchestration-api, backend-api)
	 * ran on the given stacks and answer /actuator/connections as today's services do. A hop into Netty keeps
	 * the users' 4 connections; a hop into Tomcat opens one more per 100 requests, which its request limit
	 * closed: 10 more on the first two hops (1000 requests), 20 more on the backend hop (2000).
	 */
	void writeStackScenario(String name, String publicApi, String orchestrationApi, String backendApi)
			throws IOException {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(60, 1000);
		String[] stacks = { publicApi, orchestrationApi, backendApi };
		writeScenario(name, latencies, true, 0, new long[] { accepted(stacks[0], 1000), accepted(stacks[1], 1000),
				accepted(stacks[2], 2000) });
		rewriteConnections(name, stacks, new long[3], 0, new long[3]);
		Files.writeString(this.runDir.resolve(name).resolve("scenario.json"),
				stackSettings(name, publicApi, orchestrationApi, backendApi));
		writeLinks(name, accepted(stacks[0], 1000), accepted(stacks[1], 1000), accepted(stacks[2], 2000));
	}

	/**
	 * The connections files of a stack scenario whose services had accepted the given connections, carried
	 * the given requests on the first two hops (twice as many on the backend hop) and closed the given
	 * connections at their request limit before the load, in chain order.
	 */
	void rewriteConnections(String name, String[] stacks, long[] acceptedBefore, long requestsBefore,
			long[] closedBefore) throws IOException {
		Path connections = this.runDir.resolve(name).resolve("connections");
		long[] during = { 1000, 1000, 2000 };
		long[] requests = new long[3];
		long[] accepted = new long[3];
		long[] closed = new long[3];
		for (int i = 0; i < 3; i++) {
			requests[i] = during[i] / 1000 * requestsBefore + during[i];
			accepted[i] = acceptedBefore[i] + accepted(stacks[i], during[i]);
			closed[i] = closedBefore[i] + closed(stacks[i], during[i]);
		}
		Files.writeString(connections.resolve("public-api.json"), stackConnections("public-api", stacks[0], accepted[0],
				requests[0], closed[0], "orchestration-api", accepted[1], requests[1]));
		Files.writeString(connections.resolve("orchestration-api.json"), stackConnections("orchestration-api",
				stacks[1], accepted[1], requests[1], closed[1], "backend-api", accepted[2], requests[2]));
		Files.writeString(connections.resolve("backend-api.json"),
				stackConnections("backend-api", stacks[2], accepted[2], requests[2], closed[2], null, 0, 0));
	}

	void writeLinks(String name, long customer, long publicToOrchestration, long orchestrationToBackend)
			throws IOException {
		Files.writeString(this.runDir.resolve(name).resolve("links.json"),
				links(15.0, customer, publicToOrchestration, orchestrationToBackend));
	}

	/** Connections a server on this stack accepts from 4 pooled users over so many requests. */
	private static long accepted(String stack, long requests) {
		return 4 + closed(stack, requests);
	}

	/** Connections a server on this stack closes at its request limit over so many requests: Tomcat's 100. */
	private static long closed(String stack, long requests) {
		return stack.equals("tomcat") ? requests / 100 : 0;
	}

	static String stackSettings(String name, String publicApi, String orchestrationApi, String backendApi) {
		return """
				{"name":"%s","mode":"reuse","transport":"plain","customerDelayMs":15.0,"internalDelayMs":0.5,
				 "calls":2,"workMs":10,"clientKeepAlive":true,"jit":"c2",
				 "stacks":{"public-api":"%s","orchestration-api":"%s","backend-api":"%s"}}
				""".formatted(name, publicApi, orchestrationApi, backendApi);
	}

	/**
	 * /actuator/connections as a service on the given stack answers it: Tomcat with its request limit of 100,
	 * and every accepted connection counted, two of them unused (the report must not take those for used).
	 */
	static String stackConnections(String service, String stack, long carried, long requests,
			long closedAtRequestLimit, String downstream, long opened, long downstreamRequests) {
		String outbound = (downstream != null)
				? "{\"%s\":{\"opened\":%d,\"requests\":%d,\"tlsResumed\":0,\"retries\":0}}".formatted(downstream,
						opened, downstreamRequests) : "{}";
		String limit = stack.equals("tomcat") ? "100" : "null";
		return """
				{"service":"%s","stack":"%s","mode":{"name":"REUSE","profiles":["reuse","%s"],"keepAlive":true,
				 "clientPerRequest":false,"transport":"HTTP/1.1"},
				 "inbound":{"accepted":%d,"refused":0,"tlsFailed":0,"unused":2,"carriedRequests":%d,"active":4,
				 "requests":%d,"policy":{"idleTimeout":"PT1M",
				 "maxKeepAliveRequests":%s,"settings":{},"open":4,"idle":4,"evicted":0,"refused":0,"closedIdle":0,
				 "closedAtRequestLimit":%d}},
				 "outbound":%s}
				""".formatted(service, stack, stack, carried + 2, carried, requests, limit, closedAtRequestLimit,
						outbound);
	}

	/**
	 * /actuator/connections as a service answered it before servers counted every accepted connection: its
	 * {@code accepted} then counted the connections that carried requests.
	 */
	static String connections(String service, long accepted, long requests, String downstream, long opened,
			long downstreamRequests) {
		String outbound = (downstream != null)
				? "{\"%s\":{\"opened\":%d,\"requests\":%d,\"tlsResumed\":0,\"retries\":0}}".formatted(downstream, opened,
						downstreamRequests) : "{}";
		return """
				{"service":"%s","mode":{"profiles":["test"],"keepAlive":true,"clientPerRequest":false},
				 "inbound":{"accepted":%d,"active":0,"requests":%d,"policy":{"evicted":0,"refused":0}},
				 "outbound":%s}
				""".formatted(service, accepted, requests, outbound);
	}

}
