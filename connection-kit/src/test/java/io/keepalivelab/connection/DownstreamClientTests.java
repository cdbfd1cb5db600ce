package io.keepalivelab.connection;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import io.keepalivelab.testsupport.ScriptedHttpServer.Unanswered;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbound client against real sockets: a full pool refuses at once, and a call whose reused
 * connection turns out dead is sent again only when that is safe. The pool has one connection, so a
 * call after the warm-up waits for the warm-up's connection and reuses it.
 */
class DownstreamClientTests {

	private static final String HOP = "caller -> downstream";

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ConnectionAccounting accounting = new ConnectionAccounting();

	@Test
	void callBeyondTheBusyPoolAndItsFullQueueIsA503AtOnce() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		try (ScriptedHttpServer slow = ScriptedHttpServer.start(request -> {
			answer.await();
			return Action.answer();
		}); DownstreamClient client = client(slow, true, WAIT)) {
			CompletableFuture<Traced<String>> first = client.get("/slow", String.class).toFuture();
			slow.awaitRequests(1);
			CompletableFuture<Traced<String>> second = client.get("/slow", String.class).toFuture();

			StepVerifier.create(client.get("/slow", String.class))
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(DownstreamException.class, failed -> {
					assertThat(failed.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
					assertThat(failed.hop()).isEqualTo(HOP);
					assertThat(failed).hasMessage(
							"no free connection to downstream: all max-connections (1) are busy and "
									+ "pending-acquire-max-count (1) calls are already waiting");
				}))
				.verify(WAIT);
			assertThat(first).as("refused while the first call was still waiting for its answer").isNotDone();

			answer.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS).call().status()).isEqualTo(200);
			assertThat(second.get(5, TimeUnit.SECONDS).call().status()).isEqualTo(200);
			assertThat(slow.connections()).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(value = Unanswered.class, names = { "CLOSE", "RESET" })
	void getOnADeadPooledConnectionIsSentOnceMoreOnANewConnection(Unanswered death) throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(diesOnSecondRequest(death));
				DownstreamClient client = client(server, true, WAIT)) {
			warmUp(client);

			StepVerifier.create(client.get("/call", String.class)).assertNext(traced -> {
				assertThat(traced.body()).isEqualTo("ok");
				assertThat(traced.call().retried()).isTrue();
				assertThat(traced.call().connection()).isEqualTo(HopCall.NEW);
			}).expectComplete().verify(WAIT);
			assertThat(server.requests("/call")).containsExactly("GET /call", "GET /call");
			assertThat(server.connections()).isEqualTo(2);
			assertThat(retries()).isEqualTo(1);
		}
	}

	/**
	 * A freeze or a NAT drop kills every pooled connection at once, and the pool hands them out one by one:
	 * the call is sent again until it goes out on a new connection, not failed at the second dead one.
	 */
	@ParameterizedTest
	@EnumSource(value = Unanswered.class, names = { "CLOSE", "RESET" })
	void getMeetingEveryPooledConnectionDeadIsSentAgainUntilItGoesOutOnANewOne(Unanswered death) throws Exception {
		CountDownLatch bothArrived = new CountDownLatch(2);
		// The pool's own gauge of idle connections: a warm-up call answers before its connection is back in the pool.
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Metrics.addRegistry(meters);
		// two warm-up calls held until both arrived open two connections; after them each of those dies
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> {
			if (request.connection() > 2) {
				return Action.answer();
			}
			if (request.onConnection() > 1) {
				return death;
			}
			bothArrived.countDown();
			bothArrived.await();
			return Action.answer();
		}); DownstreamClient client = client(server, true, WAIT, 2)) {
			CompletableFuture<Traced<String>> first = client.get("/warm-up", String.class).toFuture();
			CompletableFuture<Traced<String>> second = client.get("/warm-up", String.class).toFuture();
			assertThat(first.get(5, TimeUnit.SECONDS).call().connection()).isEqualTo(HopCall.NEW);
			assertThat(second.get(5, TimeUnit.SECONDS).call().connection()).isEqualTo(HopCall.NEW);
			await().atMost(WAIT).until(() -> idleConnections(meters) == 2);

			StepVerifier.create(client.get("/call", String.class)).assertNext(traced -> {
				assertThat(traced.body()).isEqualTo("ok");
				assertThat(traced.call().retried()).isTrue();
				assertThat(traced.call().connection()).isEqualTo(HopCall.NEW);
			}).expectComplete().verify(WAIT);
			assertThat(server.requests("/call")).containsExactly("GET /call", "GET /call", "GET /call");
			assertThat(server.connections()).isEqualTo(3);
			assertThat(retries()).isEqualTo(2);
		}
		finally {
			Metrics.removeRegistry(meters);
			meters.close();
		}
	}

	private static double idleConnections(SimpleMeterRegistry meters) {
		return meters.find("reactor.netty.connection.provider.idle.connections")
			.tag("name", "caller-to-downstream")
			.gauges()
			.stream()
			.mapToDouble(Gauge::value)
			.sum();
	}

	@ParameterizedTest
	@EnumSource(value = Unanswered.class, names = { "CLOSE", "RESET" })
	void postOnADeadPooledConnectionIsNotSentAgain(Unanswered death) throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(diesOnSecondRequest(death));
				DownstreamClient client = client(server, true, WAIT)) {
			warmUp(client);

			StepVerifier.create(client.exchange(HttpMethod.POST, "/call", String.class))
				.expectErrorSatisfies(ex -> assertBadGateway(ex))
				.verify(WAIT);
			assertThat(server.requests("/call")).containsExactly("POST /call");
			assertThat(retries()).isZero();
		}
	}

	@Test
	void withRetriesOffAGetOnADeadPooledConnectionFails() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(diesOnSecondRequest(Unanswered.CLOSE));
				DownstreamClient client = client(server, false, WAIT)) {
			warmUp(client);

			StepVerifier.create(client.get("/call", String.class))
				.expectErrorSatisfies(ex -> assertBadGateway(ex))
				.verify(WAIT);
			assertThat(server.requests("/call")).hasSize(1);
			assertThat(retries()).isZero();
		}
	}

	@Test
	void failureOnANewConnectionIsNotRetried() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> Action.close());
				DownstreamClient client = client(server, true, WAIT)) {
			StepVerifier.create(client.get("/call", String.class))
				.expectErrorSatisfies(ex -> assertBadGateway(ex))
				.verify(WAIT);
			assertThat(server.requests("/call")).hasSize(1);
			assertThat(retries()).isZero();
		}
	}

	@Test
	void timeoutOnAReusedConnectionIsNotRetried() throws Exception {
		try (ScriptedHttpServer server = ScriptedHttpServer.start(diesOnSecondRequest(Unanswered.HANG));
				DownstreamClient client = client(server, true, Duration.ofMillis(300))) {
			warmUp(client);

			StepVerifier.create(client.get("/call", String.class))
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(DownstreamException.class,
						failed -> assertThat(failed.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT)))
				.verify(WAIT);
			assertThat(server.requests("/call")).hasSize(1);
			assertThat(retries()).isZero();
		}
	}

	@Test
	void aCallCancelledFromAnotherThreadIsCancelledOnItsConnectionsEventLoop() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		CompletableFuture<String> cancelledOn = new CompletableFuture<>();
		// A filter sits under the client's own operators: its cancel comes from wherever they pass it on.
		WebClient.Builder observed = WebClient.builder()
			.filter((request, next) -> next.exchange(request)
				.doOnCancel(() -> cancelledOn.complete(Thread.currentThread().getName())));
		try (ScriptedHttpServer slow = ScriptedHttpServer.start(request -> {
			answer.await();
			return Action.answer();
		}); DownstreamClient client = client(slow, observed)) {
			Disposable call = client.get("/slow", String.class).subscribe();
			slow.awaitRequests(1);

			call.dispose();

			assertThat(cancelledOn.get(5, TimeUnit.SECONDS)).isNotEqualTo(Thread.currentThread().getName())
				.startsWith("reactor-http-");
			answer.countDown();
		}
	}

	private static ScriptedHttpServer.Script diesOnSecondRequest(Unanswered death) {
		return request -> (request.onConnection() == 1) ? Action.answer() : death;
	}

	private static void warmUp(DownstreamClient client) {
		StepVerifier.create(client.get("/warm-up", String.class))
			.assertNext(traced -> assertThat(traced.call().connection()).isEqualTo(HopCall.NEW))
			.expectComplete()
			.verify(WAIT);
	}

	private static void assertBadGateway(Throwable ex) {
		assertThat(ex).isInstanceOfSatisfying(DownstreamException.class, failed -> {
			assertThat(failed.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
			assertThat(failed.hop()).isEqualTo(HOP);
		});
	}

	private long retries() {
		return accounting.outboundSnapshot().get("downstream").retries();
	}

	/** A client whose pool has one connection and room for one waiting call. */
	private DownstreamClient client(ScriptedHttpServer server, boolean retryDeadConnections, Duration responseTimeout) {
		return client(server, retryDeadConnections, responseTimeout, 1);
	}

	private DownstreamClient client(ScriptedHttpServer server, boolean retryDeadConnections, Duration responseTimeout,
			int maxConnections) {
		return client(server, retryDeadConnections, responseTimeout, maxConnections, WebClient.builder());
	}

	private DownstreamClient client(ScriptedHttpServer server, WebClient.Builder webClientBuilder) {
		return client(server, true, WAIT, 1, webClientBuilder);
	}

	private DownstreamClient client(ScriptedHttpServer server, boolean retryDeadConnections, Duration responseTimeout,
			int maxConnections, WebClient.Builder webClientBuilder) {
		ClientProperties.Pool pool = new ClientProperties.Pool(maxConnections, Duration.ofSeconds(20), Duration.ofMinutes(5),
				Duration.ofSeconds(5), Duration.ofSeconds(5), 1);
		ClientProperties properties = new ClientProperties(true, false, ClientProperties.Protocol.HTTP11, null,
				Duration.ofSeconds(2), pool, retryDeadConnections);
		OutboundConnections connections = new OutboundConnections("caller", properties, accounting, null);
		DownstreamProperties.Downstream target = new DownstreamProperties.Downstream(URI.create(server.baseUrl()),
				responseTimeout, null, null);
		return new DownstreamClient("caller", "downstream", target, connections, webClientBuilder);
	}
}
