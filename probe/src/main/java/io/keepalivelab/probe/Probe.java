package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.Cost;
import io.keepalivelab.probe.ProbeReport.Http2;
import io.keepalivelab.probe.ProbeReport.Http2Idle;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.RequestLimit;
import io.keepalivelab.probe.ProbeReport.TlsVersion;

/**
 * Runs the checks from the cheapest to the longest and assembles the report: reachability, the protocol checks, the
 * request limit, the idle-timeout search, which gets whatever is left of the time budget but what the later checks
 * need, then the maximum connection age, paced by what the idle search and the request limit found, beside the
 * HTTP/2 idle timeout.
 */
final class Probe {

	/**
	 * The bounds of one probe.
	 * @param timeout connect and response timeout; also how long a silent connection is waited for
	 * @param maxAge the oldest a busy connection gets in the maximum-age check
	 * @param maxTime the whole probe's time budget
	 */
	record Settings(Duration maxIdle, Duration precision, int parallel, int maxRequests,
			Duration timeout, Duration maxAge, Duration maxTime) {

		/**
		 * What the checks after the idle search may take at most: they run side by side, the maximum-age check up to
		 * --max-age, the HTTP/2 idle check up to --max-idle but no more than half of the budget.
		 */
		Duration afterIdleSearch(boolean http2Idle) {
			Duration http2 = http2Idle ? min(this.maxIdle, this.maxTime.dividedBy(2)) : Duration.ZERO;
			return max(this.maxAge, http2).plus(this.timeout.multipliedBy(2));
		}

		private static Duration min(Duration a, Duration b) {
			return (a.compareTo(b) <= 0) ? a : b;
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

	}

	private final Target target;

	private final String name;

	private final Connector connector;

	private final Settings settings;

	private final Budget budget;

	private final Consumer<String> progress;

	Probe(Target target, String name, Connector connector, Settings settings, Budget budget,
			Consumer<String> progress) {
		this.target = target;
		this.name = name;
		this.connector = connector;
		this.settings = settings;
		this.budget = budget;
		this.progress = progress;
	}

	ProbeReport run() throws InterruptedException {
		this.progress.accept("connecting to " + this.target.host() + ":" + this.target.port());
		try (HttpConnection first = this.connector.open()) {
			this.progress.accept("connected" + ((first.tlsVersion() != null)
					? ", " + first.tlsVersion() + " handshake " + TextReport.millis(first.handshakeMillis()) : ""));
		}
		catch (IOException ex) {
			throw this.connector.failure(ex);
		}
		ProtocolChecks checks = new ProtocolChecks(this.target, this.connector);
		List<KeepAlive> keepAlive = phase("keep-alive", checks::keepAlive);
		this.progress.accept("keep-alive: " + keepAlive.stream()
			.map((check) -> check.request() + " " + (check.reused() ? "kept alive" : "closed"))
			.collect(Collectors.joining(", ")));
		Http2 http2 = phase("HTTP/2", checks::http2);
		this.progress.accept("HTTP/2: " + TextReport.http2(http2));
		List<TlsVersion> tls = checks.tlsVersions();
		tls.forEach((version) -> this.progress.accept(version.version() + (version.accepted() ? " accepted" : " refused")));
		boolean keepsAlive = keepAlive.get(0).reused();
		RequestLimit limit = !keepsAlive ? null : phase("request limit",
				() -> new RequestLimitSearch(this.connector, this.target, this.budget, this.progress)
					.run(this.settings.maxRequests()));
		if (limit != null) {
			this.progress.accept("request limit: " + TextReport.requestLimit(limit));
		}
		// before the idle search, whose connections open all at once and would inflate the cost
		Cost cost = this.connector.costs.summary();
		boolean http2Idle = Http2IdleCheck.applies(this.target, http2);
		IdleTimeout idle = !keepsAlive ? null : phase("idle timeout",
				() -> new IdleTimeoutSearch(this.connector, this.target, this.settings,
						this.budget.reserving(this.settings.afterIdleSearch(http2Idle)), this.progress)
					.run());
		// side by side: one connection busy, one idle
		CompletableFuture<Http2Idle> h2 = !http2Idle ? CompletableFuture.completedFuture(null)
				: CompletableFuture.supplyAsync(() -> http2Idle(http2));
		ConnectionAge age = (idle == null) ? null : phase("maximum age",
				() -> new ConnectionAgeCheck(this.connector, this.target, this.settings, this.budget, this.progress)
					.run(idle, limit));
		Http2Idle h2Idle = h2.join();
		KeepAliveHeader header = KeepAliveHeaderCheck.of(keepAlive.get(0).keepAliveHeader(), idle, limit);
		if (header != null) {
			this.progress.accept("Keep-Alive header: " + TextReport.keepAliveHeader(header));
		}
		Recommendation recommendation = Recommendation.of(this.name, keepsAlive, idle, limit, age, header, h2Idle);
		return new ProbeReport(this.target.toString(), this.name, ProbeReport.round(this.budget.elapsedSeconds()),
				keepAlive, http2, tls, idle, limit, age, header, h2Idle, cost, recommendation,
				SpringFacts.of(this.name, idle));
	}

	/** Not worth failing the whole probe for: a failure is reported and leaves the check out. */
	private Http2Idle http2Idle(Http2 http2) {
		try {
			return new Http2IdleCheck(this.connector, this.target, this.settings, this.budget, this.progress)
				.run(http2);
		}
		catch (IOException ex) {
			this.progress.accept("HTTP/2 idle: check failed: " + ex);
			return null;
		}
	}

	private <T> T phase(String name, Check<T> check) throws InterruptedException {
		try {
			return check.run();
		}
		catch (IOException ex) {
			throw new ProbeException(Failure.PROBE_FAILED, name + " check failed: " + ex);
		}
	}

	@FunctionalInterface
	private interface Check<T> {

		T run() throws IOException, InterruptedException;

	}

}
