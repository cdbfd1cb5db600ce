package io.keepalivelab.probe;

import java.util.Locale;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader;
import io.keepalivelab.probe.ProbeReport.KeepAliveHeader.Agreement;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

/**
 * What a server announces in its {@code Keep-Alive: timeout=N, max=M} response header, set beside what was measured:
 * Apache HttpClient 5 and the JDK's HttpClient keep a connection for the announced timeout, so a header that says
 * more than the server keeps makes them reuse connections the server has closed.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc2068#section-19.7.1.1 (the Keep-Alive header)
final class KeepAliveHeaderCheck {

	/** Servers announce whole seconds and time out on their own clock: this much either side still agrees. */
	private static final double SLACK_SECONDS = 0.1;

	private KeepAliveHeaderCheck() {
	}

	/**
	 * @param value the header of the first response on a connection, or null
	 * @return the comparison, or null without a header
	 */
	static KeepAliveHeader of(String value, IdleTimeout idle, RequestLimit limit) {
		if (value == null) {
			return null;
		}
		Double timeout = null;
		Integer max = null;
		for (String parameter : value.split(",")) {
			String[] pair = parameter.split("=", 2);
			if (pair.length < 2) {
				continue;
			}
			String name = pair[0].trim().toLowerCase(Locale.ROOT);
			String number = pair[1].trim().replace("\"", "");
			try {
				if (name.equals("timeout")) {
					timeout = Double.valueOf(number);
				}
				else if (name.equals("max")) {
					max = Integer.valueOf(number);
				}
			}
			catch (NumberFormatException ignored) {
				// a value that is no number announces nothing
			}
		}
		return new KeepAliveHeader(value, timeout, max, timeout(timeout, idle), max(max, limit));
	}

	private static Agreement timeout(Double announced, IdleTimeout idle) {
		if (announced == null || idle == null || idle.connections() == 0) {
			return Agreement.UNCHECKED;
		}
		if (announced < idle.usableSeconds() - SLACK_SECONDS) {
			return Agreement.UNDERSTATES;
		}
		if (idle.closedSeconds() == null) {
			return Agreement.UNCHECKED;
		}
		return (announced > idle.closedSeconds() + SLACK_SECONDS) ? Agreement.OVERSTATES : Agreement.AGREES;
	}

	/** max is the requests left after this response (Apache httpd) or with it: the limit is max or max + 1. */
	private static Agreement max(Integer announced, RequestLimit limit) {
		if (announced == null || limit == null) {
			return Agreement.UNCHECKED;
		}
		if (limit.served() > announced + 1) {
			return Agreement.UNDERSTATES;
		}
		if (!limit.closed()) {
			return Agreement.UNCHECKED;
		}
		return (limit.served() < announced) ? Agreement.OVERSTATES : Agreement.AGREES;
	}

}
