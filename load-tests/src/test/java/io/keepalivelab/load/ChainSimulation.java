package io.keepalivelab.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.headerRegex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Loads {@code GET /api/chain} (or another {@code path}) in a closed model with {@code users} requests in flight: with
 * {@code keepAlive}, looping virtual users each on its own kept connection; without, a new virtual user
 * per request, with a new connection and a full TLS handshake, as a client recreated per call would.
 * First a warm-up, then the measured phase. The measured phase is recorded in files that
 * {@link ComparisonReport} compares across scenarios, because Gatling since 3.13 writes no
 * machine-readable statistics.
 * <p>
 * Latencies are Gatling's own response times, in whole milliseconds, from the instant Gatling tries
 * to send (connecting included) to the complete response, so they match Gatling's HTML report. A
 * {@link System#nanoTime()} bracket around the request would have microsecond resolution but also
 * holds Gatling's post-processing of the response, which on a busy 2-core machine added 0.4 ms at the
 * median and 6 ms at p99: noise in exactly the tail that connection reuse changes.
 * <p>
 * Fault scenarios also need what the latency histogram leaves out: how long the slowest request took,
 * failed ones included (did any hang?), and when failures happened (only during an outage?).
 * <p>
 * Parameters are system properties, see {@link SimulationParameters}.
 */
public class ChainSimulation extends Simulation {

	private static final String RESPONSE_TIME = "responseTimeMillis";

	private static final String STARTED_AT = "startedAtNanos";

	/** What the chain's answer says its internal hops opened; absent from answers that are not the chain's. */
	private static final String NEW_CONNECTIONS = "newConnections";

	private final SimulationParameters parameters = SimulationParameters.fromSystemProperties();

	private final Recorder latencies = new Recorder(3);

	/** The same response times by the number of connections the request's internal hops opened. */
	private final Map<Integer, Recorder> latenciesByNewConnections = new ConcurrentHashMap<>();

	private final LongAdder requests = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final AtomicLong firstStartNanos = new AtomicLong(Long.MAX_VALUE);

	private final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong slowestNanos = new AtomicLong();

	private final AtomicLong firstFailureNanos = new AtomicLong(Long.MAX_VALUE);

	private final AtomicLong lastFailureNanos = new AtomicLong(Long.MIN_VALUE);

	/** Successes since the last failure: how the run recovered. */
	private final AtomicLong succeededSinceFailure = new AtomicLong();

	/** Successes and failures by the second they ended in, from the first measured start: the timeline. */
	private final Map<Long, LongAdder> succeededBySecond = new ConcurrentHashMap<>();

	private final Map<Long, LongAdder> failedBySecond = new ConcurrentHashMap<>();

	{
		HttpProtocolBuilder protocol = http.baseUrl(this.parameters.baseUrl())
			.acceptHeader("application/json")
			.disableWarmUp()
			.disableCaching();
		if (!this.parameters.keepAlive()) {
			protocol = protocol.connectionHeader("close");
		}
		if (this.parameters.http2()) {
			protocol = protocol.enableHttp2();
		}
		if (this.parameters.openModel() && this.parameters.keepAlive()) {
			// Arrivals are new virtual users: sharing one pool lets them reuse connections, as a pooled client does.
			protocol = protocol.shareConnections();
		}
		ChainBuilder measured = exec(this::startMeasuredRequest).exec(chainRequest("chain"))
			.exec(this::endMeasuredRequest);
		PopulationBuilder population = this.parameters.openModel() ? arrivals(measured)
				: this.parameters.keepAlive() ? loopingUsers(measured) : oneUserPerRequest(measured);
		setUp(population)
			.protocols(protocol)
			.assertions(global().failedRequests().count().lt(1L));
	}

	/** Each user keeps its connection (and TLS session) and loops: warm-up, then the measured phase. */
	private PopulationBuilder loopingUsers(ChainBuilder measured) {
		// exitASAP=false: a loop ends between iterations, never between a request and its recording.
		ChainBuilder pause = exec((session) -> session).pause(this.parameters.shortestPause(),
				this.parameters.longestPause());
		return scenario("chain")
			.during(this.parameters.warmup(), false).on(exec(chainRequest("warm-up")).exec(pause))
			.during(this.parameters.duration(), false).on(exec(measured).exec(pause))
			.injectOpen(atOnceUsers(this.parameters.users()));
	}

	/**
	 * Every request is a new user with its own connection and its own TLS context, so nothing survives
	 * from one request to the next: no connection, no TLS session to resume. Closed model: as many
	 * requests in flight as there are users.
	 */
	private PopulationBuilder oneUserPerRequest(ChainBuilder measured) {
		return warmedUp(measured, (scenario, duration) -> scenario
			.injectClosed(constantConcurrentUsers(this.parameters.users()).during(duration)));
	}

	/**
	 * Open model: requests arrive at a constant rate whatever the answers, each one a new virtual user, so that a
	 * slow answer queues the ones behind it instead of delaying their sending (no coordinated omission).
	 */
	private PopulationBuilder arrivals(ChainBuilder measured) {
		return warmedUp(measured, (scenario, duration) -> scenario
			.injectOpen(constantUsersPerSec(this.parameters.rate()).during(duration)));
	}

	/** The users {@code inject} makes for a duration: during the warm-up (unmeasured), then the measured phase. */
	private PopulationBuilder warmedUp(ChainBuilder measured,
			BiFunction<ScenarioBuilder, Duration, PopulationBuilder> inject) {
		PopulationBuilder measuredPhase = inject.apply(scenario("chain").exec(measured), this.parameters.duration());
		if (this.parameters.warmupSeconds() == 0) {
			return measuredPhase;
		}
		return inject.apply(scenario("warm-up").exec(chainRequest("warm-up")), this.parameters.warmup())
			.andThen(measuredPhase);
	}

	private HttpRequestActionBuilder chainRequest(String name) {
		HttpRequestActionBuilder request = http(name).get(this.parameters.target())
			.check(status().is(200), responseTimeInMillis().saveAs(RESPONSE_TIME));
		if (!this.parameters.anyAnswer()) {
			request = request.check(headerRegex("Content-Type", "^application/json").exists(),
					jsonPath("$." + NEW_CONNECTIONS).ofInt().optional().saveAs(NEW_CONNECTIONS));
		}
		return request;
	}

	// A failure during warm-up marks the session as failed for good; start each measured request clean.
	private Session startMeasuredRequest(Session session) {
		long now = System.nanoTime();
		this.firstStartNanos.accumulateAndGet(now, Math::min);
		return session.markAsSucceeded().set(STARTED_AT, now);
	}

	private Session endMeasuredRequest(Session session) {
		long now = System.nanoTime();
		this.lastEndNanos.accumulateAndGet(now, Math::max);
		this.slowestNanos.accumulateAndGet(now - session.getLong(STARTED_AT), Math::max);
		this.requests.increment();
		long second = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(now - this.firstStartNanos.get()));
		(session.isFailed() ? this.failedBySecond : this.succeededBySecond)
			.computeIfAbsent(second, (key) -> new LongAdder())
			.increment();
		if (session.isFailed()) {
			this.failures.increment();
			this.firstFailureNanos.accumulateAndGet(now, Math::min);
			this.lastFailureNanos.accumulateAndGet(now, Math::max);
			this.succeededSinceFailure.set(0);
		}
		else {
			long responseTime = session.getLong(RESPONSE_TIME);
			this.latencies.recordValue(responseTime);
			if (session.contains(NEW_CONNECTIONS)) {
				this.latenciesByNewConnections.computeIfAbsent(session.getInt(NEW_CONNECTIONS), (count) -> new Recorder(3))
					.recordValue(responseTime);
			}
			this.succeededSinceFailure.incrementAndGet();
		}
		return session;
	}

	/** Failures, when any: the first and the last, in seconds from the first measured request. */
	private RunSummary.Failures failureWindow(long firstStart) {
		if (this.failures.sum() == 0) {
			return null;
		}
		return new RunSummary.Failures((this.firstFailureNanos.get() - firstStart) / 1e9,
				(this.lastFailureNanos.get() - firstStart) / 1e9, this.succeededSinceFailure.get());
	}

	private Timeline timeline() {
		long seconds = 1 + Stream.of(this.succeededBySecond, this.failedBySecond)
			.flatMap((bySecond) -> bySecond.keySet().stream())
			.mapToLong(Long::longValue)
			.max()
			.orElse(-1);
		List<Long> succeeded = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (long second = 0; second < seconds; second++) {
			succeeded.add(count(this.succeededBySecond, second));
			failed.add(count(this.failedBySecond, second));
		}
		return new Timeline(succeeded, failed);
	}

	private static long count(Map<Long, LongAdder> bySecond, long second) {
		LongAdder count = bySecond.get(second);
		return (count != null) ? count.sum() : 0;
	}

	@Override
	public void before() {
		System.out.printf("ChainSimulation: %s on %s%s, pause %d±%d ms, keepAlive=%s, http2=%s, "
				+ "%d s warm-up then %d s measured; results in %s%n",
				this.parameters.openModel() ? this.parameters.rate() + " requests/s (open model)"
						: this.parameters.users() + " users",
				this.parameters.baseUrl(), this.parameters.target(), this.parameters.pauseMs(), this.parameters.pauseJitterMs(),
				this.parameters.keepAlive(), this.parameters.http2(), this.parameters.warmupSeconds(),
				this.parameters.durationSeconds(), this.parameters.resultsDir());
	}

	@Override
	public void after() {
		Histogram histogram = this.latencies.getIntervalHistogram();
		long requests = this.requests.sum();
		long firstStart = (requests > 0) ? this.firstStartNanos.get() : System.nanoTime();
		long lastEnd = (requests > 0) ? this.lastEndNanos.get() : firstStart;
		double elapsedSeconds = (lastEnd - firstStart) / 1e9;
		long startEpochMillis = System.currentTimeMillis()
				- TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstStart);
		RunSummary summary = new RunSummary(this.parameters.users(), this.parameters.durationSeconds(),
				this.parameters.warmupSeconds(), this.parameters.calls(), this.parameters.workMs(),
				this.parameters.keepAlive(), this.parameters.baseUrl() + this.parameters.target(), requests,
				this.failures.sum(), elapsedSeconds, (elapsedSeconds > 0) ? requests / elapsedSeconds : 0,
				TimeUnit.NANOSECONDS.toMillis(this.slowestNanos.get()), failureWindow(firstStart),
				this.parameters.openModel() ? this.parameters.rate() : null);
		try {
			Files.createDirectories(this.parameters.resultsDir());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		summary.write(this.parameters.resultsDir().resolve(RunSummary.FILE_NAME));
		LatencyLog.write(this.parameters.resultsDir().resolve(LatencyLog.FILE_NAME), histogram, startEpochMillis,
				elapsedSeconds);
		timeline().write(this.parameters.resultsDir().resolve(Timeline.FILE_NAME));
		if (!this.latenciesByNewConnections.isEmpty()) {
			Map<Integer, Histogram> byNewConnections = new TreeMap<>();
			this.latenciesByNewConnections.forEach((count, recorder) -> byNewConnections.put(count,
					recorder.getIntervalHistogram()));
			LatencyLog.writeByNewConnections(
					this.parameters.resultsDir().resolve(LatencyLog.BY_NEW_CONNECTIONS_FILE_NAME), byNewConnections,
					startEpochMillis, elapsedSeconds);
		}
		System.out.printf("ChainSimulation: %d measured requests (%d failed) in %.1f s = %.1f req/s; "
				+ "p50 %d ms, p99 %d ms; wrote %s, %s and %s in %s%n", requests, summary.failures(), elapsedSeconds,
				summary.throughputPerSecond(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
				RunSummary.FILE_NAME, LatencyLog.FILE_NAME, Timeline.FILE_NAME, this.parameters.resultsDir());
	}

}
