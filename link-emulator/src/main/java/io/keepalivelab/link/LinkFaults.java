package io.keepalivelab.link;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The faults in force on a link at one instant, as {@link Link#faults()} reads them: what connection
 * pools meet in production, switched on a running link. Also the bounds of every fault's value, shared
 * by the Java API, the admin endpoint and the command line.
 *
 * @param idleDropAfter   a connection that carries nothing for this long is forgotten, if set
 * @param frozenFor       how much longer the link holds all traffic, zero when it is not frozen
 * @param resetAfterBytes a connection is reset once it has carried this many bytes, if set
 */
public record LinkFaults(Optional<Duration> idleDropAfter, Duration frozenFor, OptionalLong resetAfterBytes) {

	public static final LinkFaults NONE = new LinkFaults(Optional.empty(), Duration.ZERO, OptionalLong.empty());

	/** The longest idle-drop or freeze: an hour is longer than any pool's timeout worth testing. */
	static final long MAX_MILLIS = Duration.ofHours(1).toMillis();

	/** The most bytes before a reset (1 TiB): anything larger is a typo. */
	static final long MAX_BYTES = 1L << 40;

	static Duration requireDuration(String what, Duration duration) {
		if (duration == null || duration.compareTo(Duration.ofMillis(1)) < 0
				|| duration.compareTo(Duration.ofMillis(MAX_MILLIS)) > 0) {
			throw new IllegalArgumentException(what + " must be between 1 and " + MAX_MILLIS + " ms, got "
					+ (duration == null ? null : LinkConfig.millis(duration) + " ms"));
		}
		return duration;
	}

	static long requireBytes(String what, long bytes) {
		if (bytes < 1 || bytes > MAX_BYTES) {
			throw new IllegalArgumentException(what + " must be between 1 and " + MAX_BYTES + " bytes, got " + bytes);
		}
		return bytes;
	}

	/** Reads a whole number of milliseconds as the admin endpoint and the command line take it. */
	static Duration parseMillis(String what, String text) {
		return Duration.ofMillis(parse(what, text, MAX_MILLIS, " of milliseconds"));
	}

	/** Reads a number of bytes as the admin endpoint takes it. */
	static long parseBytes(String what, String text) {
		return parse(what, text, MAX_BYTES, " of bytes");
	}

	private static long parse(String what, String text, long max, String unit) {
		long value = 0;
		if (text != null && text.matches("\\d{1,18}")) {
			value = Long.parseLong(text);
		}
		if (value < 1 || value > max) {
			throw new IllegalArgumentException(what + " must be a whole number" + unit + " from 1 to " + max + ", got "
					+ (text == null ? "nothing" : "'" + text + "'"));
		}
		return value;
	}

}
