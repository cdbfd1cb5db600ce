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
 * request limit, the idle-timeout search, which gets whatever is left of the time budget but what the maximum-age
 * check needs, then the maximum connection age, paced by what the idle search and the request limit found. The
 * HTTP/2 idle check listens on a connection of its own all along.
 */
final class Probe {

	/**
	 * The bounds of one probe.
	 * @param timeout connect and response timeout; also how long a silent connection is waited for
	 * @param maxAge the oldest a busy connection gets in the maximum-age check
	 */
	record Settings(Duration maxIdle, Duration precision, int parallel, int maxRequests,
			Duration timeout, Duration maxAge) {

		/** What the maximum-age check after the idle search may take at most. */
		Duration afterIdleSearch() {
			return this.maxAge.plus(this.timeout.multipliedBy(2));
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
		// one idle HTTP/2 connection beside the idle search and the maximum-age check, which it does not disturb
		CompletableFuture<Http2Idle> h2 = !Http2IdleCheck.applies(this.target, http2)
				? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(() -> http2Idle(http2));
		IdleTimeout idle = !keepsAlive ? null : phase("idle timeout",
				() -> new IdleTimeoutSearch(this.connector, this.target, this.settings,
						this.budget.reserving(this.settings.afterIdleSearch()), this.progress)
					.run());
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
