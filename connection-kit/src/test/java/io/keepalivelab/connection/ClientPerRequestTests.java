package io.keepalivelab.connection;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-per-request mode builds a client and a pool for every call and disposes of them: a thousand
 * calls leave no pool, no connection, no thread and no file descriptor behind. What the process holds is
 * sampled after a warm-up, which creates what is created once (event loops, buffers, classes), and again
 * after the run, once closing has settled.
 */
class ClientPerRequestTests {

	private static final int WARM_UP = 100;

	private static final int CALLS = 1000;

	private static final int CONCURRENCY = 8;

	/** Threads or descriptors the JVM may open on its own meanwhile (a GC, JIT or reference handler helper). */
	private static final int SLACK = 4;

	private static final String SERVICE = "per-request";

	/** A pool publishes its gauges once it has connected, and removes them when disposed. */
	private static final String POOL_GAUGE = "reactor.netty.connection.provider.total.connections";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ConnectionAccounting accounting = new ConnectionAccounting();

	@Test
	void thousandCallsLeaveNoPoolConnectionThreadOrFileDescriptorBehind() throws Exception {
		AtomicInteger poolGaugesAdded = new AtomicInteger();
		AtomicInteger poolGaugesRemoved = new AtomicInteger();
		Metrics.globalRegistry.config()
			.onMeterAdded(meter -> ifOurPool(meter, poolGaugesAdded))
			.onMeterRemoved(meter -> ifOurPool(meter, poolGaugesRemoved));
		LoopResources loops = LoopResources.create("per-request-server", 1, true);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops)
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow(WAIT);
		try (DownstreamClient client = client(server.port())) {
			calls(client, WARM_UP);
			Sample warm = settled(WARM_UP, Sample.now());

			calls(client, CALLS);
			Sample after = settled(WARM_UP + CALLS, warm);

			// Pools of one name share their gauges' id: a gauge is added when no live pool has it, so fewer
			// gauges than pools may come and go; every one that came must have gone, and none may be left.
			assertThat(poolGaugesAdded).as("pool gauges added").hasPositiveValue();
			assertThat(poolGaugesRemoved).as("pool gauges removed by disposed pools").hasValue(poolGaugesAdded.get());
			assertThat(Metrics.globalRegistry.find(POOL_GAUGE).tag("name", SERVICE + "-to-downstream").meters())
				.as("gauges of live pools").isEmpty();
			assertThat(accounting.outboundSnapshot().get("downstream").opened()).isEqualTo(WARM_UP + CALLS);
			assertThat(after.threads()).as("live threads, %d after the warm-up", warm.threads())
				.isLessThanOrEqualTo(warm.threads() + SLACK);
			assertThat(after.fileDescriptors()).as("open file descriptors, %d after the warm-up", warm.fileDescriptors())
				.isLessThanOrEqualTo(warm.fileDescriptors() + SLACK);
		}
		finally {
			server.disposeNow(WAIT);
			loops.disposeLater(Duration.ZERO, WAIT).block(WAIT);
		}
	}

	private void calls(DownstreamClient client, int count) {
		Flux.range(0, count)
			.flatMap(call -> client.get("/", String.class), CONCURRENCY)
			.doOnNext(traced -> assertThat(traced.call().status()).isEqualTo(200))
			.then()
			.block(WAIT);
	}

	/**
	 * Waits until the client counts no open connection and the process holds no more than {@code baseline}
	 * plus the slack (closing is asynchronous), then samples; after the wait it samples all the same, for the
	 * assertions to report.
	 */
	private Sample settled(int opened, Sample baseline) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		Sample sample = Sample.now();
		while (System.nanoTime() < deadline && (accounting.outboundSnapshot().get("downstream").active() > 0
				|| accounting.outboundSnapshot().get("downstream").opened() < opened
				|| sample.threads() > baseline.threads() + SLACK
				|| sample.fileDescriptors() > baseline.fileDescriptors() + SLACK)) {
			Thread.sleep(50);
			sample = Sample.now();
		}
		assertThat(accounting.outboundSnapshot().get("downstream").active()).as("connections open on the client")
			.isZero();
		return sample;
	}

	private static void ifOurPool(Meter meter, AtomicInteger count) {
		if (POOL_GAUGE.equals(meter.getId().getName())
				&& (SERVICE + "-to-downstream").equals(meter.getId().getTag("name"))) {
			count.incrementAndGet();
		}
	}

	private DownstreamClient client(int port) {
		ClientProperties properties = new ClientProperties(true, true, ClientProperties.Protocol.HTTP11, null,
				Duration.ofSeconds(2), new ClientProperties.Pool(50, Duration.ofSeconds(20), Duration.ofMinutes(5),
						Duration.ofSeconds(5), Duration.ofSeconds(5), 100),
				true);
		OutboundConnections connections = new OutboundConnections(SERVICE, properties, accounting, null);
		DownstreamProperties.Downstream target = new DownstreamProperties.Downstream(
				URI.create("http://127.0.0.1:" + port), WAIT, null, null);
		return new DownstreamClient(SERVICE, "downstream", target, connections, WebClient.builder());
	}

	/** What the process holds: live threads and open file descriptors (Linux). */
	private record Sample(int threads, long fileDescriptors) {

		static Sample now() {
			try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
				return new Sample(ManagementFactory.getThreadMXBean().getThreadCount(), descriptors.count());
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot count /proc/self/fd", ex);
			}
		}
	}
}
