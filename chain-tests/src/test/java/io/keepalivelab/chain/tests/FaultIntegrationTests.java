package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ClientConfiguration;
import io.keepalivelab.lab.Fault;
import io.keepalivelab.lab.Links;
import io.keepalivelab.lab.Service;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.lab.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six failures pools meet in production, each reproduced on orchestration-api -> backend-api with
 * the misconfiguration that causes it, and survived (or bounded) by the hardened default. Each fault's
 * settings come from the {@link Fault} catalogue that {@code ./demo.sh --faults} runs; a test changes only
 * timings and sizes, so that one call shows what the demo's load shows. The services and the link emulator
 * run from their jars, started as the demo starts them; the tests switch the link's faults through its
 * admin endpoint. Idle gaps are part of each scenario; what is asserted is statuses and counts. Where the
 * backend's server plays a part (its idle timeout, its connection limits, its restart), the fault runs
 * against a backend on each stack.
 */
class FaultIntegrationTests {

	private static final String ONE_CALL = "/orchestrate?calls=1&workMs=0";

	private static final String RESPONSE_TIMEOUT = "keepalive-lab.downstreams.backend-api.response-timeout";

	/** Longer than any response timeout below: a call still unanswered then has hung. */
	private static final Duration HANG = Duration.ofSeconds(12);

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	/**
	 * 1. The backend closes connections idle for 1 s, the client keeps them 20 s. A call sent while the
	 * backend's FIN crosses a 200 ms link reaches a closed socket: the FIN arrives instead of an answer.
	 */
	@ParameterizedTest(name = "backend on {0}")
	@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
	void serverIdleTimeoutShorterThanClientMaxIdleTime(String stack) {
		Fault fault = Fault.IDLE_TIMEOUT;
		Duration link = Duration.ofMillis(200);
		try (Hop hop = Hop.start(workDir.resolve("naive"), fault, ClientConfiguration.MISCONFIGURED, stack, link)) {
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			// The backend closes 800 ms after its answer reached us; its FIN lands 200 ms later. Sent in between,
			// the call finds the connection still open and its bytes reach the backend after it closed.
			pause(800);
			HttpResponse<String> call = hop.get(ONE_CALL);
			assertThat(call.statusCode()).isEqualTo(502);
			assertThat(call.body()).contains("prematurely closed");
			assertThat(hop.backendCarriedRequests()).isEqualTo(1);
		}
		try (Hop hop = Hop.start(workDir.resolve("hardened"), fault, ClientConfiguration.HARDENED, stack, link)) {
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			pause(800);
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			// The pool retired the idle connection before the server did: a new one carried the call.
			assertThat(hop.backendCarriedRequests()).isEqualTo(2);
			assertThat(hop.retries()).isZero();
		}
	}

	/** 2. A NAT forgets the connection idle for 1 s: the next call on it vanishes into a timeout. */
	@Test
	void idleDropOnTheHop() {
		Fault fault = Fault.IDLE_DROP;
		Map<String, String> quickTimeout = Map.of(RESPONSE_TIMEOUT, "1s");
		try (Hop hop = Hop.start(workDir.resolve("naive"), fault, ClientConfiguration.MISCONFIGURED, Stacks.NETTY,
				Duration.ofMillis(1), quickTimeout)) {
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			await(() -> hop.backendLink().get("connectionsDropped").asLong() >= 1,
					"the link to forget the idle connection");
			HttpResponse<String> call = hop.get(ONE_CALL);
			assertThat(call.statusCode()).isEqualTo(504);
			assertThat(hop.backendLink().get("bytesDiscarded").asLong()).isPositive();
		}
		try (Hop hop = Hop.start(workDir.resolve("hardened"), fault, ClientConfiguration.HARDENED, Stacks.NETTY,
				Duration.ofMillis(1), quickTimeout)) {
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			// The pool retires the connection before the link would forget it, or the link forgets it first.
			await(() -> hop.backendLink().get("connectionsActive").asLong() == 0
					|| hop.backendLink().get("connectionsDropped").asLong() >= 1, "the idle connection to go");
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
			assertThat(hop.backendLink().get("bytesDiscarded").asLong()).isZero();
		}
	}

	/**
	 * 3. The hop freezes past the backend's idle timeout with a call in it: the backend, which never saw
	 * the call, closes the connection; on thaw the call reaches a closed socket (the zombie connection).
	 */
	@ParameterizedTest(name = "backend on {0}")
	@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
	void freezePastTheBackendIdleTimeout(String stack) {
		Fault fault = Fault.FREEZE;
		try (Hop hop = Hop.start(workDir.resolve("naive"), fault, ClientConfiguration.MISCONFIGURED, stack,
				Duration.ofMillis(1))) {
			assertThat(hop.frozenCall(fault).statusCode()).isEqualTo(502);
			assertThat(hop.retries()).isZero();
		}
		try (Hop hop = Hop.start(workDir.resolve("hardened"), fault, ClientConfiguration.HARDENED, stack,
				Duration.ofMillis(1))) {
			assertThat(hop.frozenCall(fault).statusCode()).isEqualTo(200);
			assertThat(hop.retries()).isEqualTo(1);
		}
	}

	/**
	 * 4. Clients each holding a connection against a backend with a soft limit of 2 and a hard limit of
	 * 4: idle connections are evicted, connections past the hard limit refused; nothing hangs.
	 */
	@Test
	void connectionStormAgainstSoftAndHardLimits() throws Exception {
		Map<String, String> smaller = Map.of("keepalive-lab.server.connections.soft-limit", "2",
				"keepalive-lab.server.connections.hard-limit", "4");
		try (Hop hop = Hop.start(workDir, Fault.STORM, ClientConfiguration.HARDENED, Stacks.NETTY, Duration.ofMillis(1),
				Map.of(), smaller)) {
			Storm storm = storm(hop);
			JsonNode inbound = hop.connections(hop.backend()).get("inbound");
			assertThat(storm.hung()).as("requests that hung").isZero();
			assertThat(storm.succeeded()).isPositive();
			assertThat(storm.succeeded() + storm.failed()).isEqualTo(40);
			assertThat(inbound.findValue("refused").asLong()).as(inbound.toString()).isPositive();
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
		}
	}

	/**
	 * 4, on Tomcat, where the catalogue's storm does not run: Tomcat has no soft or hard limit. At
	 * {@code max-connections} it stops accepting, and the connections past it wait in the kernel's accept
	 * queue ({@code accept-count}) until one closes. With a keep-alive timeout shorter than the clients'
	 * pauses, the idle connections close and the queue moves: every request is answered late, none is refused.
	 */
	@Test
	void connectionStormAgainstTomcatsMaxConnections() throws Exception {
		assertThat(Fault.STORM.skippedOn(Stacks.TOMCAT)).isPresent();
		Map<String, String> tomcat = Map.of("server.tomcat.max-connections", "4", "server.tomcat.accept-count", "20",
				"server.tomcat.keep-alive-timeout", "200ms");
		try (Hop hop = Hop.start(workDir, null, ClientConfiguration.HARDENED, Stacks.TOMCAT, Duration.ofMillis(1),
				Map.of(), tomcat)) {
			Storm storm = storm(hop);
			JsonNode policy = hop.connections(hop.backend()).get("inbound").get("policy");
			assertThat(storm.hung()).as("requests that hung").isZero();
			assertThat(storm.succeeded()).as("queued, not refused").isEqualTo(40);
			assertThat(policy.get("refused").asLong()).isZero();
			assertThat(policy.get("closedIdle").asLong()).as(policy.toString()).isPositive();
			assertThat(policy.get("settings").get("server.tomcat.max-connections").asInt()).isEqualTo(4);
			assertThat(hop.get(ONE_CALL).statusCode()).isEqualTo(200);
		}
	}

	private record Storm(int succeeded, int failed, int hung) {
	}

	/** Ten clients, each on its own kept-alive connection, sending four requests of 300 ms of work 100 ms apart. */
	private static Storm storm(Hop hop) throws Exception {
		int clients = 10;
		AtomicInteger succeeded = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger hung = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				done.add(pool.submit(() -> {
					// One client, one kept-alive connection, idle between its requests.
					HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
					for (int request = 0; request < 4; request++) {
						switch (outcome(own, hop.backend().baseUrl() + "/work?workMs=300")) {
							case 200 -> succeeded.incrementAndGet();
							case -1 -> hung.incrementAndGet();
							default -> failed.incrementAndGet();
						}
						pause(100);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		return new Storm(succeeded.get(), failed.get(), hung.get());
	}

	/** 5. The backend dies (kill -9) under load and comes back: fast errors meanwhile, none hangs, full recovery. */
	@ParameterizedTest(name = "backend on {0}")
	@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
	void backendKilledAndRestartedUnderLoad(String stack) throws Exception {
		try (Hop hop = Hop.start(workDir, Fault.BACKEND_RESTART, ClientConfiguration.HARDENED, stack,
				Duration.ofMillis(1))) {
			AtomicBoolean stop = new AtomicBoolean();
			AtomicInteger succeeded = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			AtomicInteger hung = new AtomicInteger();
			List<CompletableFuture<Void>> load = new ArrayList<>();
			ExecutorService users = Executors.newFixedThreadPool(2);
			for (int user = 0; user < 2; user++) {
				load.add(CompletableFuture.runAsync(() -> {
					while (!stop.get()) {
						switch (hop.status(ONE_CALL)) {
							case 200 -> succeeded.incrementAndGet();
							case -1 -> hung.incrementAndGet();
							default -> failed.incrementAndGet();
						}
					}
				}, users));
			}
			await(() -> succeeded.get() >= 10, "calls to succeed before the crash");
			hop.chain.kill(Service.BACKEND_API);
			await(() -> failed.get() >= 5, "calls to fail while the backend is down");
			hop.chain.restart(Service.BACKEND_API);
			int afterRestart = succeeded.get();
			await(() -> succeeded.get() >= afterRestart + 20, "calls to succeed after the restart");
			int failedBeforeRecovery = failed.get();
			int recovered = succeeded.get();
			await(() -> succeeded.get() >= recovered + 20, "more calls after the recovery");
			stop.set(true);
			CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
			users.shutdown();
			assertThat(hung.get()).as("calls that hung").isZero();
			assertThat(failed.get()).as("failures after the recovery").isEqualTo(failedBeforeRecovery);
		}
	}

	/**
	 * 6. Backend calls of 2 s on a pool of 2 connections with 2 waiting places: of 8 calls at once, those
	 * that find neither a connection nor a place are answered 503 at once; none hangs.
	 */
	@Test
	void slowBackendExhaustsThePool() throws Exception {
		Map<String, String> smallerPool = Map.of("keepalive-lab.client.pool.max-connections", "2",
				"keepalive-lab.client.pool.pending-acquire-max-count", "2",
				"keepalive-lab.client.pool.pending-acquire-timeout", "8s");
		try (Hop hop = Hop.start(workDir, Fault.SLOW_BACKEND, ClientConfiguration.HARDENED, Stacks.NETTY,
				Duration.ofMillis(1), smallerPool)) {
			ExecutorService callers = Executors.newFixedThreadPool(8);
			List<Future<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				calls.add(callers.submit(() -> hop.get("/orchestrate?calls=1&workMs=2000")));
			}
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> call : calls) {
				responses.add(call.get());
			}
			callers.shutdown();
			List<HttpResponse<String>> refused = responses.stream().filter((r) -> r.statusCode() == 503).toList();
			assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 503);
			assertThat(refused).isNotEmpty()
				.allSatisfy((r) -> assertThat(r.body()).contains("no free connection to backend-api",
						"\"hop\":\"orchestration-api -> backend-api\""));
			assertThat(responses).filteredOn((r) -> r.statusCode() == 200).hasSizeGreaterThanOrEqualTo(2);
			assertThat(hop.backendCarriedRequests()).isLessThanOrEqualTo(2);
		}
	}

	private static int outcome(HttpClient client, String url) {
		try {
			return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(HANG).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (HttpTimeoutException ex) {
			return -1;
		}
		catch (IOException ex) {
			return 0; // closed or refused by the server
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Gave up waiting for " + what);
			}
			pause(50);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The orchestration-api -> backend-api hop of the chain, behind its link, with a fault's settings (timings
	 * and sizes replaced by {@code orchestration} and {@code backend}) and the link's own idle drop.
	 */
	private static final class Hop implements AutoCloseable {

		private final Chain chain;

		private Hop(Chain chain) {
			this.chain = chain;
		}

		static Hop start(Path workDir, Fault fault, ClientConfiguration configuration, String backendStack,
				Duration delay) {
			return start(workDir, fault, configuration, backendStack, delay, Map.of(), Map.of());
		}

		static Hop start(Path workDir, Fault fault, ClientConfiguration configuration, String backendStack,
				Duration delay, Map<String, String> orchestration) {
			return start(workDir, fault, configuration, backendStack, delay, orchestration, Map.of());
		}

		/** {@code fault} null: the hop with the default settings and only {@code backend}'s. */
		static Hop start(Path workDir, Fault fault, ClientConfiguration configuration, String backendStack,
				Duration delay, Map<String, String> orchestration, Map<String, String> backend) {
			Links links = Links.uniform(delay);
			if (fault != null) {
				links = fault.backendLinkIdleDrop().map((after) -> Links.uniform(delay).withIdleDrop(Service.BACKEND_API, after))
					.orElse(links);
			}
			return new Hop(Chain.builder(workDir, "reuse")
				.entry(Service.ORCHESTRATION_API)
				.stacks(new Stacks(Stacks.NETTY, Stacks.NETTY, backendStack))
				.links(links)
				.args(Service.ORCHESTRATION_API, args(fault, Service.ORCHESTRATION_API, backendStack, configuration, orchestration))
				.args(Service.BACKEND_API, args(fault, Service.BACKEND_API, backendStack, configuration, backend))
				.start());
		}

		/** The fault's properties for {@code service}, with {@code changed} in place of the catalogue's values. */
		private static List<String> args(Fault fault, Service service, String backendStack,
				ClientConfiguration configuration, Map<String, String> changed) {
			Map<String, String> properties = new LinkedHashMap<>();
			if (fault != null) {
				properties.putAll(fault.properties(service, backendStack, configuration));
			}
			properties.putAll(changed);
			return Fault.args(properties);
		}

		ServiceProcess backend() {
			return this.chain.backend();
		}

		/** GETs a path of orchestration-api. */
		HttpResponse<String> get(String pathAndQuery) {
			return this.chain.orchestration().get(this.chain.http(), pathAndQuery, HANG);
		}

		/** The status of a GET on orchestration-api; -1 if it hung, 0 if the connection failed. */
		int status(String pathAndQuery) {
			return outcome(this.chain.http(), this.chain.orchestration().baseUrl() + pathAndQuery);
		}

		/** A call sent into the link frozen as the fault freezes it, answered after the thaw. */
		HttpResponse<String> frozenCall(Fault fault) {
			assertThat(get(ONE_CALL).statusCode()).isEqualTo(200);
			var freeze = fault.actions().get(0);
			this.chain.links().freeze(freeze.link(), freeze.duration());
			return get(ONE_CALL);
		}

		/** The counters of the link in front of the backend. */
		JsonNode backendLink() {
			return this.chain.links().stats(Service.BACKEND_API.linkInFront());
		}

		long backendCarriedRequests() {
			return connections(this.chain.backend()).get("inbound").get("carriedRequests").asLong();
		}

		long retries() {
			return connections(this.chain.orchestration()).get("outbound").get("backend-api").get("retries").asLong();
		}

		JsonNode connections(ServiceProcess service) {
			return json.readTree(service.get(this.chain.http(), "/actuator/connections", HANG).body());
		}

		@Override
		public void close() {
			this.chain.close();
		}

	}

}
