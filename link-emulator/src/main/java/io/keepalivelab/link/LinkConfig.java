package io.keepalivelab.link;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What one emulated link is: where it listens, which server it stands in front of, and the one-way
 * delay that every chunk, FIN and RST pays in each direction. With jitter, each chunk's delay is drawn
 * uniformly from {@code delay ± jitter} as netem does, but a later chunk never overtakes an earlier one.
 *
 * @param name        shows in the start-up line, thread names and the admin endpoint
 * @param bindAddress address the link listens on
 * @param listenPort  port the link listens on, 0 for any free port
 * @param targetHost  server host the link forwards to
 * @param targetPort  server port the link forwards to
 * @param delay       one-way delay, 0 to 10 s, nanosecond resolution
 * @param jitter      spread of the one-way delay, 0 to {@code delay}
 */
// Reference: https://man7.org/linux/man-pages/man8/tc-netem.8.html (DELAY, JITTER)
public record LinkConfig(String name, String bindAddress, int listenPort, String targetHost, int targetPort,
		Duration delay, Duration jitter) {

	/** The default bind address: links are reachable from this machine only. */
	public static final String LOOPBACK = "127.0.0.1";

	/** The command-line form of one link, as {@link #parse} reads it. */
	public static final String SPEC = "name=listenPort:targetHost:targetPort:delayMs[:jitterMs]";

	static final Duration MAX_DELAY = Duration.ofSeconds(10);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	// Host names and IP literals only: nothing that would need escaping in the admin endpoint's JSON.
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");

	private static final Pattern MILLIS = Pattern.compile("-?\\d{1,9}(\\.\\d{1,6})?");

	public LinkConfig {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"link name must be 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
		}
		String link = "link '" + name + "': ";
		requireHost(link + "bind address", bindAddress);
		requireHost(link + "target host", targetHost);
		requirePort(link + "listen port", listenPort, 0);
		requirePort(link + "target port", targetPort, 1);
		if (delay == null || delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
			throw new IllegalArgumentException(link + "delay must be between 0 and " + millis(MAX_DELAY)
					+ " ms, got " + (delay == null ? null : millis(delay) + " ms"));
		}
		if (jitter == null || jitter.isNegative() || jitter.compareTo(delay) > 0) {
			throw new IllegalArgumentException(link + "jitter must be between 0 and the delay (" + millis(delay)
					+ " ms), got " + (jitter == null ? null : millis(jitter) + " ms"));
		}
	}

	/** A link on a free loopback port in front of a loopback server, without jitter: what tests need. */
	public static LinkConfig loopback(String name, int targetPort, Duration delay) {
		return new LinkConfig(name, LOOPBACK, 0, LOOPBACK, targetPort, delay, Duration.ZERO);
	}

	/** The same link with another delay and jitter. */
	public LinkConfig withDelay(Duration delay, Duration jitter) {
		return new LinkConfig(name, bindAddress, listenPort, targetHost, targetPort, delay, jitter);
	}

	/** The same link with another jitter. */
	public LinkConfig withJitter(Duration jitter) {
		return new LinkConfig(name, bindAddress, listenPort, targetHost, targetPort, delay, jitter);
	}

	/** Reads the command-line form {@value #SPEC}, e.g. {@code customer=18080:127.0.0.1:8080:15}. */
	public static LinkConfig parse(String spec, String bindAddress) {
		int equals = spec.indexOf('=');
		String[] fields = spec.substring(equals + 1).split(":", -1);
		if (equals < 1 || fields.length < 4 || fields.length > 5) {
			throw new IllegalArgumentException("a link must look like " + SPEC + ", got '" + spec + "'");
		}
		String name = spec.substring(0, equals);
		String link = "link '" + name + "': ";
		return new LinkConfig(name, bindAddress, parseInt(link + "listen port", fields[0]), fields[1],
				parseInt(link + "target port", fields[2]), parseMillis(link + "delay", fields[3]),
				(fields.length == 5) ? parseMillis(link + "jitter", fields[4]) : Duration.ZERO);
	}

	static int parseInt(String what, String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(what + " must be an integer, got '" + text + "'");
		}
	}

	static void requirePort(String what, int port, int min) {
		if (port < min || port > 65535) {
			throw new IllegalArgumentException(what + " must be between " + min + " and 65535, got " + port);
		}
	}

	/** A duration in milliseconds as people write it: 15, 0.5. */
	static String millis(Duration duration) {
		return BigDecimal.valueOf(duration.toNanos(), 6).stripTrailingZeros().toPlainString();
	}

	static Duration parseMillis(String what, String text) {
		if (text == null || !MILLIS.matcher(text).matches()) {
			throw new IllegalArgumentException(what + " must be a number of milliseconds such as 15 or 0.5, got "
					+ ((text == null) ? "nothing" : "'" + text + "'"));
		}
		return Duration.ofNanos(new BigDecimal(text).movePointRight(6).longValueExact());
	}

	private static void requireHost(String what, String host) {
		if (host == null || !HOST.matcher(host).matches()) {
			throw new IllegalArgumentException(what + " must be a host name or an IP address, got '" + host + "'");
		}
	}

}
