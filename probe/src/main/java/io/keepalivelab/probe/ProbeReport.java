package io.keepalivelab.probe;

import java.util.List;
import java.util.Map;

/**
 * Everything one probe found, in the shape that both the text report and the JSON output show. Times are in
 * seconds or milliseconds as the field names say; null means "not applicable" or "not found within the bounds".
 *
 * @param name the downstream's name: the pool's name and the key of the Spring facts
 * @param springFacts the {@code keepalive-lab.downstreams.<name>.*} properties that the services' startup check reads
 */
public record ProbeReport(String url, String name, double elapsedSeconds, List<KeepAlive> keepAlive, Http2 http2,
		List<TlsVersion> tlsVersions, IdleTimeout idleTimeout, RequestLimit requestLimit, ConnectionAge connectionAge,
		KeepAliveHeader keepAliveHeader, Http2Idle http2Idle, Cost cost, Recommendation recommendation,
		Map<String, String> springFacts) {

	/**
	 * Whether the server kept a connection for a second request, for one form of HTTP/1.x request.
	 * @param keepAliveHeader the first response's {@code Keep-Alive} header, or null
	 */
	public record KeepAlive(String request, String responseVersion, int status, String connectionHeader,
			boolean reused, String keepAliveHeader) {
	}

	/**
	 * The {@code Keep-Alive} header of the first HTTP/1.1 response on a connection, beside what was measured.
	 * @param timeoutSeconds its {@code timeout}, or null
	 * @param max its {@code max}, or null
	 * @param timeout how the announced timeout compares with the idle-timeout bracket
	 * @param maxRequests how the announced max compares with the request limit
	 */
	public record KeepAliveHeader(String value, Double timeoutSeconds, Integer max, Agreement timeout,
			Agreement maxRequests) {

		/** How an announced value compares with the measured one. */
		public enum Agreement {

			AGREES("agrees with what was measured"),

			/** The server keeps connections longer, or for more requests, than it says: harmless. */
			UNDERSTATES("disagrees, on the safe side: the server keeps connections longer than it announces"),

			/** The server ends connections sooner than it says: clients that follow the header reuse dead ones. */
			OVERSTATES("DISAGREES: the server ends connections sooner than it announces"),

			UNCHECKED("not checked: beyond what was measured");

			final String description;

			Agreement(String description) {
				this.description = description;
			}

		}

	}

	/**
	 * @param alpn the protocol the server chose when offered h2 and http/1.1, "none" if it chose none (https only)
	 * @param h2cUpgrade the server switched protocols on {@code Upgrade: h2c} (http only)
	 * @param h2cPriorKnowledge the server answered the HTTP/2 preface with SETTINGS (http only)
	 */
	public record Http2(String alpn, Boolean h2cUpgrade, Boolean h2cPriorKnowledge) {
	}

	/**
	 * An idle HTTP/2 connection: it had been quiet for {@code quietSeconds} when the server sent GOAWAY (at
	 * {@code goawaySeconds} idle) or closed it (at {@code closedSeconds}); all null but quietSeconds when neither
	 * came within the bound.
	 * @param protocol h2 (TLS with ALPN) or h2c (prior knowledge)
	 * @param lastStreamId GOAWAY's last stream id: 1, the probe's request, when it was processed
	 * @param errorCode GOAWAY's error code, such as NO_ERROR
	 * @param close how the TCP connection ended, after GOAWAY or without one; null when it stayed open
	 */
	public record Http2Idle(String protocol, double quietSeconds, Double goawaySeconds, Integer lastStreamId,
			String errorCode, Double closedSeconds, CloseKind close) {

		/** When the server ended the idle connection: its GOAWAY, or its close without one; null if neither came. */
		public Double endedSeconds() {
			return (this.goawaySeconds != null) ? this.goawaySeconds : this.closedSeconds;
		}

	}

	/** A handshake pinned to one TLS version; detail is the cipher suite or the refusal. */
	public record TlsVersion(String version, boolean accepted, Double handshakeMillis, String detail) {
	}

	/**
	 * The idle-timeout bracket: a connection idle for {@code usableSeconds} still served a request (or, when the
	 * server closes in periodic checks, was left open by a check that closed another); one idle for
	 * {@code closedSeconds} was closed (null: none closed within the bounds).
	 * @param closeConfirmed the close kind was seen on an idle connection, or as silence on reuse (false: only a reuse
	 * failed that way, and a polite close that crosses the request also fails it with a reset)
	 * @param complete the bracket reached the requested precision (false: bounded by --max-idle or --max-time)
	 * @param periodic the server closes idle connections in periodic checks, so that one idle past the timeout may
	 * still serve a request until the next check (true), or each on its own clock (false); null: not told apart
	 */
	public record IdleTimeout(double usableSeconds, Double closedSeconds, CloseKind close, boolean closeConfirmed,
			int connections, boolean complete, Boolean periodic) {
	}

	/**
	 * @param served how many requests one connection served
	 * @param closed the server ended the connection after {@code served} requests (false: the bound or the time
	 * budget was reached first)
	 * @param announced the last response said {@code Connection: close}
	 * @param connectionSeconds how long that connection lived
	 */
	public record RequestLimit(int served, boolean closed, boolean announced, int bound, double connectionSeconds) {
	}

	/**
	 * The maximum connection age bracket: a busy connection still served a request, without announcing a close, that
	 * was sent at {@code usableSeconds} of age; the server ended it by {@code endedSeconds} (null: not within the
	 * bound).
	 * @param announced the server ended it with {@code Connection: close} on a response (false: it closed it)
	 * @param close how the server closed it when not announced, else null
	 * @param requests requests the connection served
	 * @param intervalSeconds the pace: one request every so many seconds, well inside the idle timeout
	 * @param boundSeconds the oldest the connection was to get: --max-age, or less where the request limit does not
	 * allow that pace
	 * @param boundedBy what ended the check when the server did not ("--max-age", "--max-time", the request limit)
	 */
	public record ConnectionAge(double usableSeconds, Double endedSeconds, boolean announced, CloseKind close,
			int requests, double intervalSeconds, double boundSeconds, String boundedBy) {
	}

	/**
	 * Medians over every connection and reused request of the probe.
	 * @param savedPerRequestMillis what a request on a reused connection does not pay: connect plus TLS handshake
	 */
	public record Cost(int connections, double connectMillis, Double tlsHandshakeMillis, Double reusedRequestMillis,
			double savedPerRequestMillis) {
	}

	/** Three decimals: milliseconds of a second, microseconds of a millisecond. */
	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
