package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import io.keepalivelab.probe.HttpConnection.Close;
import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

/**
 * Finds a server's maximum connection age (nginx's {@code keepalive_time}, Envoy's {@code max_connection_duration}):
 * one connection is kept busy, a request every fraction of a second, until the server announces the close
 * ({@code Connection: close}) or closes it, or until --max-age. The pace keeps the connection well inside the idle
 * timeout (at most half the longest idle gap proven usable), so that no close is the idle timeout, and below the
 * request limit (at most one request fewer than the limit over the whole bound), so that no close is the request
 * limit; where the request limit does not allow that pace over --max-age, the bound is what it allows.
 */
final class ConnectionAgeCheck {

	private final Connector connector;

	private final String request;

	private final Probe.Settings settings;

	private final Budget budget;

	private final Consumer<String> progress;

	ConnectionAgeCheck(Connector connector, Target target, Probe.Settings settings, Budget budget,
			Consumer<String> progress) {
		this.connector = connector;
		this.request = target.get("HTTP/1.1");
		this.settings = settings;
		this.budget = budget;
		this.progress = progress;
	}

	/**
	 * @param idle the idle timeout found before: the pace stays below half its proven lower bound
	 * @param limit the request limit found before, or null
	 * @return the age bracket, or null when nothing can be measured (no idle gap proven usable, or a request limit
	 * of two or fewer)
	 */
	ConnectionAge run(IdleTimeout idle, RequestLimit limit) throws IOException {
		Pace pace = pace(idle, limit);
		if (pace == null) {
			this.progress.accept("maximum age: not measured (no idle gap proven usable, or a request limit below 3)");
			return null;
		}
		this.progress.accept("maximum age: 1 connection, a request every " + TextReport.seconds(pace.interval())
				+ ", for up to " + TextReport.seconds(pace.bound()) + " (" + pace.boundedBy() + ")");
		Duration interval = Duration.ofNanos((long) (pace.interval() * 1e9));
		long opened = System.nanoTime();
		try (HttpConnection connection = this.connector.open()) {
			double kept = 0;
			int requests = 0;
			String boundedBy = pace.boundedBy();
			while (true) {
				if (age(opened) + pace.interval() > pace.bound()) {
					break;
				}
				if (!this.budget.allows(interval.plus(this.settings.timeout()))) {
					boundedBy = "--max-time";
					break;
				}
				double sent = age(opened);
				HttpResponse response;
				try {
					response = connection.exchange(this.request);
				}
				catch (IOException ex) {
					return ended(kept, age(opened), false, CloseKind.of(ex), requests, pace);
				}
				requests++;
				if (response.announcesClose()) {
					return ended(kept, age(opened), true, null, requests, pace);
				}
				kept = sent;
				Close close = connection.awaitIdle(interval);
				if (close != null) {
					return ended(kept, age(opened), false, close.kind(), requests, pace);
				}
			}
			ConnectionAge none = new ConnectionAge(ProbeReport.round(kept), null, false, null, requests,
					ProbeReport.round(pace.interval()), ProbeReport.round(pace.bound()), boundedBy);
			this.progress.accept("maximum age: " + TextReport.connectionAge(none));
			return none;
		}
	}

	private ConnectionAge ended(double kept, double seen, boolean announced, CloseKind close, int requests, Pace pace) {
		ConnectionAge age = new ConnectionAge(ProbeReport.round(kept), ProbeReport.round(seen), announced, close,
				requests, ProbeReport.round(pace.interval()), ProbeReport.round(pace.bound()), null);
		this.progress.accept("maximum age: " + TextReport.connectionAge(age));
		return age;
	}

	/**
	 * The interval between requests and how long to keep going: --precision apart, or closer where half the proven
	 * idle gap is shorter; further apart where the request limit would end the connection before --max-age, but
	 * never more than half the idle gap, which then bounds the check below --max-age.
	 */
	Pace pace(IdleTimeout idle, RequestLimit limit) {
		if (idle == null || idle.usableSeconds() <= 0) {
			return null;
		}
		double idleCap = idle.usableSeconds() / 2;
		double interval = Math.min(seconds(this.settings.precision()), idleCap);
		double bound = seconds(this.settings.maxAge());
		String boundedBy = "--max-age";
		if (limit != null) {
			// the requests one connection is known to serve without the limit ending it
			int allowed = limit.closed() ? limit.served() - 1 : limit.served();
			if (allowed < 2) {
				return null;
			}
			double needed = bound / (allowed - 1);
			if (needed > idleCap) {
				interval = idleCap;
				bound = idleCap * (allowed - 1);
				boundedBy = "the request limit at a pace inside the idle timeout";
			}
			else {
				interval = Math.max(interval, needed);
			}
		}
		return new Pace(interval, bound, boundedBy);
	}

	private static double age(long openedNanos) {
		return (System.nanoTime() - openedNanos) / 1e9;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/** A request every {@code interval} seconds, until the connection is {@code bound} seconds old. */
	record Pace(double interval, double bound, String boundedBy) {
	}

}
