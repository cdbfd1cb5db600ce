package io.keepalivelab.connection;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.keepalivelab.testsupport.ScriptedHttpServer;
import io.keepalivelab.testsupport.ScriptedHttpServer.Action;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The no-reuse mode leaves nothing open: after its calls, every connection it opened is closed at both
 * ends, counted by a real server and by the client's own accounting.
 */
class NoReuseTests {

	private static final int CALLS = 20;

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ConnectionAccounting accounting = new ConnectionAccounting();

	@Test
	void overHttp11EveryCallAsksToCloseAndTheClientClosesItsConnection() throws Exception {
		List<String> connectionHeaders = new CopyOnWriteArrayList<>();
		// The server would keep every connection: only the client can close them.
		try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> {
			connectionHeaders.add(request.headers().getOrDefault("connection", "none"));
			return Action.answer();
		}); DownstreamClient client = client(ClientProperties.Protocol.HTTP11, server.port())) {
			callsOneAfterTheOther(client);

			assertThat(server.connections()).isEqualTo(CALLS);
			assertThat(connectionHeaders).hasSize(CALLS).containsOnly("close");
			await(() -> server.closedByClient() == CALLS, () -> server.closedByClient() + " closed by the client");
			awaitNothingOpenOnTheClient();
		}
	}

	@Test
	void overH2cEveryCallClosesItsConnection() throws Exception {
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger closed = new AtomicInteger();
		LoopResources loops = LoopResources.create("no-reuse-server", 1, true);
		// Without an idle timeout the server closes no connection of its own.
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops)
			.protocol(HttpProtocol.H2C)
			.doOnChannelInit((observer, channel, address) -> {
				accepted.incrementAndGet();
				channel.closeFuture().addListener(done -> closed.incrementAndGet());
			})
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow(WAIT);
		try (DownstreamClient client = client(ClientProperties.Protocol.H2C, server.port())) {
			callsOneAfterTheOther(client);

			assertThat(accepted).hasValue(CALLS);
			await(() -> closed.get() == CALLS, () -> closed + " of " + accepted + " closed at the server");
			awaitNothingOpenOnTheClient();
		}
		finally {
			server.disposeNow(WAIT);
			loops.disposeLater(Duration.ZERO, WAIT).block(WAIT);
		}
	}

	private void callsOneAfterTheOther(DownstreamClient client) {
		for (int call = 0; call < CALLS; call++) {
			HopCall hop = client.get("/", String.class).block(WAIT).call();
			assertThat(hop.status()).isEqualTo(200);
			assertThat(hop.connection()).isEqualTo(HopCall.NEW);
		}
	}

	private void awaitNothingOpenOnTheClient() throws InterruptedException {
		Map<String, ConnectionAccounting.Outbound> outbound = accounting.outboundSnapshot();
		assertThat(outbound.get("downstream").opened()).isEqualTo(CALLS);
		await(() -> accounting.outboundSnapshot().get("downstream").active() == 0,
				() -> "client: " + accounting.outboundSnapshot());
	}

	/** Closing is asynchronous at both ends: waits for it, failing with what was seen. */
	static void await(BooleanSupplier condition, Supplier<String> seen) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("gave up waiting: " + seen.get());
			}
			Thread.sleep(10);
		}
	}

	private DownstreamClient client(ClientProperties.Protocol protocol, int port) {
		ClientProperties properties = new ClientProperties(false, false, protocol, null, Duration.ofSeconds(2),
				new ClientProperties.Pool(50, Duration.ofSeconds(20), Duration.ofMinutes(5), Duration.ofSeconds(5),
						Duration.ofSeconds(5), 100),
				true);
		OutboundConnections connections = new OutboundConnections("caller", properties, accounting, null);
		DownstreamProperties.Downstream target = new DownstreamProperties.Downstream(
				URI.create("http://127.0.0.1:" + port), WAIT, null, null);
		return new DownstreamClient("caller", "downstream", target, connections, WebClient.builder());
	}
}
