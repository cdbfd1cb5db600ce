package io.keepalivelab.probe;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.stream.Collectors;

import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.Cost;
import io.keepalivelab.probe.ProbeReport.Http2;
import io.keepalivelab.probe.ProbeReport.Http2Idle;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

/**
 * The human-readable report, and the one place that formats times for people (progress lines included).
 */
final class TextReport {

	private static final int WIDTH = 100;

	private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

	private TextReport() {
	}

	static String render(ProbeReport report) {
		StringBuilder text = new StringBuilder();
		text.append("probe ").append(report.url()).append(" (").append(seconds(report.elapsedSeconds())).append(")\n\n");
		for (KeepAlive keepAlive : report.keepAlive()) {
			line(text, keepAlive.request(), keepAlive.status() + " " + keepAlive.responseVersion() + ", Connection: "
					+ (keepAlive.connectionHeader() != null ? keepAlive.connectionHeader() : "-") + ", "
					+ (keepAlive.reused() ? "kept alive" : "closed"));
		}
		line(text, "HTTP/2", http2(report.http2()));
		report.tlsVersions().forEach((tls) -> line(text, tls.version(), tls.accepted()
				? "accepted, handshake " + millis(tls.handshakeMillis()) + ", " + tls.detail() : "refused: " + tls.detail()));
		if (report.requestLimit() != null) {
			line(text, "request limit", requestLimit(report.requestLimit()));
		}
		if (report.idleTimeout() != null) {
			line(text, "idle timeout", idleTimeout(report.idleTimeout()));
		}
		if (report.connectionAge() != null) {
			line(text, "maximum age", connectionAge(report.connectionAge()));
		}
		if (report.http2Idle() != null) {
			line(text, "HTTP/2 idle timeout", http2Idle(report.http2Idle()));
		}
		if (report.keepAliveHeader() != null) {
			line(text, "Keep-Alive header", keepAliveHeader(report.keepAliveHeader()));
		}
		line(text, "cost", cost(report.cost()));
		if (!report.springFacts().isEmpty()) {
			line(text, "keepalive-lab facts", report.springFacts().entrySet().stream()
				.map((fact) -> fact.getKey() + "=" + fact.getValue())
				.collect(Collectors.joining(" ")) + " (--emit spring)");
		}
		text.append("\nReactor Netty pool\n");
		Recommendation recommendation = report.recommendation();
		if (recommendation.code() != null) {
			text.append('\n').append(recommendation.code().indent(4)).append('\n');
		}
		recommendation.reasons().forEach((reason) -> text.append(wrap("  - ", reason)));
		for (ClientSettings client : recommendation.clients().subList(Math.min(1, recommendation.clients().size()),
				recommendation.clients().size())) {
			text.append('\n').append(client.client()).append("\n\n").append(client.code().indent(4));
			if (!client.notes().isEmpty()) {
				text.append('\n');
			}
			client.notes().forEach((note) -> text.append(wrap("  - ", note)));
		}
		return text.toString();
	}

	private static void line(StringBuilder text, String label, String value) {
		text.append(wrap(String.format(Locale.ROOT, "  %-34s ", label), value));
	}

	/** A paragraph wrapped to the report's width, its first line after the prefix, the others aligned with it. */
	private static String wrap(String prefix, String paragraph) {
		StringBuilder wrapped = new StringBuilder();
		StringBuilder line = new StringBuilder(prefix);
		for (String word : paragraph.split(" ")) {
			if (line.length() > prefix.length() && line.length() + 1 + word.length() > WIDTH) {
				wrapped.append(line).append('\n');
				line = new StringBuilder(" ".repeat(prefix.length()));
			}
			if (line.length() > prefix.length()) {
				line.append(' ');
			}
			line.append(word);
		}
		return wrapped.append(line).append('\n').toString();
	}

	static String http2(Http2 http2) {
		if (http2.alpn() != null) {
			return "ALPN offered h2, http/1.1: server chose " + http2.alpn();
		}
		return "h2c upgrade " + (http2.h2cUpgrade() ? "accepted" : "refused") + ", prior knowledge "
				+ (http2.h2cPriorKnowledge() ? "accepted" : "refused");
	}

	static String requestLimit(RequestLimit limit) {
		if (!limit.closed()) {
			return "none up to " + limit.served() + " requests on one connection"
					+ (limit.served() < limit.bound() ? " (the --max-time budget ran out)" : "");
		}
		return limit.served() + " requests per connection, "
				+ (limit.announced() ? "announced with Connection: close" : "then closed without Connection: close")
				+ " (" + seconds(limit.connectionSeconds()) + ")";
	}

	private static String idleTimeout(IdleTimeout idle) {
		return bracket(idle.usableSeconds(), idle.closedSeconds(), idle.close(), idle.closeConfirmed())
				+ (Boolean.TRUE.equals(idle.periodic()) ? ", in periodic checks" : "") + "; " + idle.connections()
				+ " connections" + (idle.complete() ? "" : " (bounded by --max-idle or --max-time)");
	}

	static String connectionAge(ConnectionAge age) {
		String pace = "; " + age.requests() + " requests, one every " + seconds(age.intervalSeconds());
		if (age.endedSeconds() == null) {
			return "no maximum age up to " + seconds(age.usableSeconds()) + " (bounded by " + age.boundedBy() + ")"
					+ pace;
		}
		return "ended " + ageBracket(age) + pace;
	}

	static String http2Idle(Http2Idle idle) {
		if (idle.endedSeconds() == null) {
			return "no GOAWAY or close up to " + seconds(idle.quietSeconds()) + " idle (" + idle.protocol() + ")";
		}
		return idle.protocol() + ": ended " + http2IdleBracket(idle);
	}

	/** "between 4.95 s and 5 s idle: GOAWAY (last stream 1, NO_ERROR) then polite close (FIN seen)" */
	static String http2IdleBracket(Http2Idle idle) {
		String ended = (idle.goawaySeconds() != null)
				? "GOAWAY (last stream " + idle.lastStreamId() + ", " + idle.errorCode() + ")" + ((idle.close() != null)
						? " then " + idle.close().description : ", the connection still open after it")
				: "closed without GOAWAY, " + idle.close().description;
		return "between " + seconds(idle.quietSeconds()) + " and " + seconds(idle.endedSeconds()) + " idle: " + ended;
	}

	/** "timeout=5, max=100: timeout agrees with what was measured; max agrees with what was measured" */
	static String keepAliveHeader(KeepAliveHeader header) {
		StringBuilder text = new StringBuilder(header.value());
		String separator = ": ";
		if (header.timeoutSeconds() != null) {
			text.append(separator).append("timeout ").append(header.timeout().description);
			separator = "; ";
		}
		if (header.max() != null) {
			text.append(separator).append("max ").append(header.maxRequests().description);
		}
		if (header.timeout() == Agreement.OVERSTATES || header.maxRequests() == Agreement.OVERSTATES) {
			text.append(" (see below)");
		}
		return text.toString();
	}

	/** "between 2.75 s and 3.001 s of age, announced with Connection: close" */
	static String ageBracket(ConnectionAge age) {
		return "between " + seconds(age.usableSeconds()) + " and " + seconds(age.endedSeconds()) + " of age, "
				+ (age.announced() ? "announced with Connection: close" : age.close().description);
	}

	/** The idle-timeout bracket in words, e.g. "closed between 4.5 s and 5 s, polite close (FIN seen)". */
	static String bracket(double usableSeconds, Double closedSeconds, CloseKind close, boolean confirmed) {
		if (closedSeconds != null) {
			return "closed between " + seconds(usableSeconds) + " and " + seconds(closedSeconds) + " idle, "
					+ close.description + (confirmed ? "" : ", seen only on reuse (not confirmed)");
		}
		return (usableSeconds > 0) ? "still open after " + seconds(usableSeconds) + " idle" : "not measured";
	}

	private static String cost(Cost cost) {
		String handshake = (cost.tlsHandshakeMillis() != null) ? " + TLS handshake " + millis(cost.tlsHandshakeMillis())
				: "";
		String reused = (cost.reusedRequestMillis() != null)
				? "; a request on a reused connection took " + millis(cost.reusedRequestMillis()) : "";
		return "TCP connect " + millis(cost.connectMillis()) + handshake + " (median of " + cost.connections()
				+ " connections)" + reused + "; reuse saves " + millis(cost.savedPerRequestMillis()) + " per request";
	}

	static String seconds(double seconds) {
		return new DecimalFormat("0.###", SYMBOLS).format(seconds) + " s";
	}

	static String millis(double millis) {
		return new DecimalFormat("0.##", SYMBOLS).format(millis) + " ms";
	}

}
