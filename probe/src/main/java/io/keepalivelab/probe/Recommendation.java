package io.keepalivelab.probe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.keepalivelab.probe.ClientSettings.Knob;
import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.Http2Idle;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

/**
 * Reactor Netty pool settings that survive the measured keep-alive policy, each with its reason: the answer to "what
 * should maxIdleTime be?" that users otherwise guess.
 *
 * @param maxIdleTimeMillis null when there is nothing to base it on (no keep-alive, or no idle gap measured)
 * @param maxLifeTimeMillis below the maximum connection age, null when none was found
 * @param code a {@code ConnectionProvider} with these settings, or null
 * @param clients the same settings for each client the probe knows, Reactor Netty first; empty when there is no idle
 * time to base them on
 */
public record Recommendation(Long maxIdleTimeMillis, Long evictInBackgroundMillis, Long maxLifeTimeMillis,
		List<String> reasons, String code, List<ClientSettings> clients) {

	/** How long a connection may idle before a client that can checks it for a close before reusing it. */
	private static final long VALIDATE_AFTER_MILLIS = 1000;

	private static final double MIN_MARGIN_SECONDS = 1;

	private static final double MARGIN_SHARE = 0.1;

	static Recommendation of(String poolName, boolean keepsAlive, IdleTimeout idle, RequestLimit limit,
			ConnectionAge age, KeepAliveHeader header, Http2Idle http2Idle) {
		List<String> reasons = new ArrayList<>();
		if (!keepsAlive) {
			reasons.add("The server closes every connection after one response: a pool cannot reuse connections to it "
					+ "and every request pays for a new connection. Nothing to tune on the client: enable keep-alive "
					+ "on the server.");
			return new Recommendation(null, null, null, reasons, null, List.of());
		}
		Long maxIdle = (idle.connections() > 0) ? maxIdleTime(idle, reasons) : null;
		if (maxIdle == null) {
			reasons.add("The idle timeout was not measured (the --max-time budget ran out): no maxIdleTime to derive.");
		}
		else {
			reasons.add("evictInBackground " + TextReport.seconds(maxIdle / 1000.0) + ": Reactor Netty checks maxIdleTime only "
					+ "when a connection is acquired or released; background eviction also closes expired connections "
					+ "while traffic pauses.");
		}
		if (limit != null) {
			reasons.add(requestLimitReason(limit));
		}
		Long maxLife = maxLifeTime(age, reasons);
		if (header != null) {
			headerReasons(header, idle, limit, reasons);
		}
		Long h2MaxIdle = (maxIdle != null) ? http2MaxIdle(http2Idle, maxIdle, reasons) : null;
		Map<Knob, Long> values = new EnumMap<>(Knob.class);
		if (maxIdle != null) {
			values.put(Knob.MAX_IDLE, maxIdle);
			values.put(Knob.EVICTION, maxIdle);
			if (idle.close() != CloseKind.SILENT) {
				values.put(Knob.VALIDATE, Math.min(VALIDATE_AFTER_MILLIS, maxIdle));
			}
		}
		if (maxLife != null) {
			values.put(Knob.MAX_LIFE, maxLife);
		}
		if (h2MaxIdle != null) {
			values.put(Knob.H2_IDLE, h2MaxIdle);
		}
		if (limit != null && limit.closed() && !limit.announced()) {
			values.put(Knob.UNANNOUNCED_LIMIT, (long) limit.served());
		}
		List<ClientSettings> clients = ClientSettings.of(poolName, values);
		return new Recommendation(maxIdle, maxIdle, maxLife, reasons, clients.isEmpty() ? null : clients.get(0).code(),
				clients);
	}

	/** Below the youngest age at which the server ended a busy connection, by the same margin as maxIdleTime. */
	private static Long maxLifeTime(ConnectionAge age, List<String> reasons) {
		if (age == null) {
			reasons.add("The maximum connection age was not measured (no idle gap proven usable, a request limit "
					+ "below 3, or no time left): if the server or a load balancer in front of it has one (nginx's "
					+ "keepalive_time, Envoy's max_connection_duration), set maxLifeTime below it.");
			return null;
		}
		if (age.endedSeconds() == null) {
			reasons.add("No maximum connection age up to " + TextReport.seconds(age.usableSeconds()) + " (bounded by "
					+ age.boundedBy() + "): nothing to set for it here; a load balancer on another path may still have "
					+ "one.");
			return null;
		}
		if (age.usableSeconds() <= 0) {
			reasons.add("The server ended a busy connection after its first request: no age to stay below.");
			return null;
		}
		long millis = below(age.usableSeconds());
		String bracket = "the server ended a busy connection " + TextReport.ageBracket(age);
		reasons.add("maxLifeTime " + TextReport.seconds(millis / 1000.0) + ": " + bracket + (age.announced()
				? " (a maximum connection age such as nginx's keepalive_time). Reactor Netty does not pool a connection "
						+ "whose response says Connection: close, so no request fails on it; maxLifeTime below the age "
						+ "replaces connections on the pool's schedule instead of the server's."
				: " without announcing it (a maximum connection age such as Envoy's max_connection_duration): a "
						+ "request written at that moment fails, and one whose bytes were sent is not retried. "
						+ "maxLifeTime below the age closes connections before the server does."));
		return millis;
	}

	/** Below the HTTP/2 idle timeout, when one was seen; the HTTP/1.1 value when none was. */
	private static Long http2MaxIdle(Http2Idle idle, long maxIdle, List<String> reasons) {
		if (idle == null) {
			return null;
		}
		if (idle.endedSeconds() == null) {
			reasons.add("Over " + idle.protocol() + " no GOAWAY or close came up to " + TextReport.seconds(
					idle.quietSeconds()) + " idle: the HTTP/1.1 idle time applies to HTTP/2 connections too.");
			return maxIdle;
		}
		if (idle.quietSeconds() <= 0) {
			return null;
		}
		long millis = below(idle.quietSeconds());
		reasons.add("Over " + idle.protocol() + " the server ended an idle connection "
				+ TextReport.http2IdleBracket(idle) + ". Keep idle HTTP/2 connections less than " + TextReport.seconds(
						millis / 1000.0) + ((millis < maxIdle) ? ", below the HTTP/1.1 idle time" : "")
				+ (Integer.valueOf(1).equals(idle.lastStreamId()) && "NO_ERROR".equals(idle.errorCode())
						? ". The GOAWAY says every stream up to the probe's was processed, so a client that "
								+ "reads it opens a new connection without losing a request."
						: "."));
		return millis;
	}

	private static void headerReasons(KeepAliveHeader header, IdleTimeout idle, RequestLimit limit,
			List<String> reasons) {
		if (header.timeout() == Agreement.OVERSTATES) {
			reasons.add("The server announces Keep-Alive: " + header.value() + " but " + TextReport.bracket(
					idle.usableSeconds(), idle.closedSeconds(), idle.close(), idle.closeConfirmed()) + ": clients "
					+ "that follow the header (Apache HttpClient 5, the JDK HttpClient) keep idle connections longer "
					+ "than the server does. Bound the idle time on the client, as below, and do not trust the header.");
		}
		if (header.maxRequests() == Agreement.OVERSTATES) {
			reasons.add("The server announces Keep-Alive: " + header.value() + " but ended a connection after "
					+ limit.served() + " requests: a client that counts on the announced max sends a request on a "
					+ "connection the server is closing.");
		}
	}

	/** Comfortably below a bound in seconds: by max(1 s, 10%) of it, never more than half; in whole 10 ms. */
	private static long below(double bound) {
		double margin = Math.min(Math.max(MIN_MARGIN_SECONDS, bound * MARGIN_SHARE), bound / 2);
		return (long) ((bound - margin) * 100) * 10;
	}

	/**
	 * Comfortably below the longest gap proven usable: by max(1 s, 10%) of it, never more than half.
	 */
	private static long maxIdleTime(IdleTimeout idle, List<String> reasons) {
		double bound = (idle.closedSeconds() != null) ? Math.min(idle.usableSeconds(), idle.closedSeconds())
				: idle.usableSeconds();
		long millis = below(bound);
		if (idle.closedSeconds() == null) {
			reasons.add("maxIdleTime " + TextReport.seconds(millis / 1000.0) + ": connections idle for "
					+ TextReport.seconds(idle.usableSeconds()) + " still worked; that is the bound of this probe "
					+ "(--max-idle or --max-time), not a limit of the server. Staying below it keeps the pool within "
					+ "what was proven to work; a NAT, firewall or load balancer on another path may drop idle "
					+ "connections sooner.");
			return millis;
		}
		reasons.add("maxIdleTime " + TextReport.seconds(millis / 1000.0) + ": the server " + TextReport.bracket(idle.usableSeconds(),
				idle.closedSeconds(), idle.close(), idle.closeConfirmed()) + ". The margin, max(1 s, 10%) of the lower "
				+ "bound, covers what the pool's clock does not see: its idle time starts when the response has reached "
				+ "the client, not when the server sent it, and a connection taken just before maxIdleTime still has "
				+ "to carry the request to the server.");
		if (Boolean.TRUE.equals(idle.periodic())) {
			reasons.add("The server closes idle connections in periodic checks (Tomcat's connector checks about once a "
					+ "second): a connection idle past the timeout is served or closed depending on when the next check "
					+ "comes. maxIdleTime stays below the timeout, not below the longest idle that happened to work.");
		}
		reasons.add(switch (idle.close()) {
			case FIN -> "Idle connections end with a polite close: Reactor Netty notices it on a pooled connection, "
					+ "but a request written at the moment the server closes fails, and a request whose bytes were "
					+ "sent is not retried.";
			case RESET -> "Idle connections end with a reset: a request on one fails at once and is not retried "
					+ "once its bytes were sent.";
			case SILENT -> "Idle connections are dropped silently: the pool cannot tell them from live ones, and a "
					+ "request on one waits for the response timeout. maxIdleTime is the only protection; also set "
					+ "responseTimeout on the HttpClient.";
		});
		return millis;
	}

	private static String requestLimitReason(RequestLimit limit) {
		if (!limit.closed()) {
			return "No request limit up to " + limit.served() + " requests on one connection: nothing to set for it.";
		}
		if (limit.announced()) {
			return "No maxLifeTime needed for the request limit: the server announces the last of " + limit.served()
					+ " requests with Connection: close, and Reactor Netty closes such a connection instead of pooling "
					+ "it. Expect one new connection per " + limit.served() + " requests.";
		}
		return "The server closed a connection after " + limit.served() + " requests without Connection: close: the "
				+ "next request on it fails. Reactor Netty has no per-connection request limit: set maxLifeTime below "
				+ limit.served() + " / (requests per second on one connection).";
	}

}
