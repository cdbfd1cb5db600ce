package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * The {@code fault.json} of a fault scenario: which failure the demo provoked, with which client
 * configuration, and what a good outcome is.
 *
 * @param configuration e.g. {@code misconfigured} or {@code hardened}
 * @param timeoutMs the longest a request may take with this configuration (the response timeout of the
 *                  slowest hop, with a margin for the network): a request slower than that hung
 * @param windows when the fault acted, in seconds of the measured phase, for a fault switched on and off
 *                during the run; empty (or absent from the file) for a condition that lasts the whole run
 */
public record FaultSettings(String fault, String configuration, String description, Expect expect,
		long timeoutMs, @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE) List<Window> windows) {

	public static final String FILE_NAME = "fault.json";

	public FaultSettings {
		Objects.requireNonNull(fault, "fault");
		Objects.requireNonNull(configuration, "configuration");
		Objects.requireNonNull(expect, "expect");
		if (timeoutMs < 1) {
			throw new IllegalArgumentException("timeoutMs must be positive");
		}
		windows = (windows != null) ? List.copyOf(windows) : List.of();
	}

	/** A fault that lasts the whole run. */
	public FaultSettings(String fault, String configuration, String description, Expect expect, long timeoutMs) {
		this(fault, configuration, description, expect, timeoutMs, List.of());
	}

	public static FaultSettings read(Path file) {
		return Json.MAPPER.readValue(file, FaultSettings.class);
	}

	/** From {@code fromSeconds} to {@code toSeconds} of the measured phase the fault acted. */
	public record Window(double fromSeconds, double toSeconds) {

		public Window {
			if (!(fromSeconds >= 0) || !(toSeconds >= fromSeconds)) {
				throw new IllegalArgumentException("a window runs forward from second 0 or later");
			}
		}

	}

	/** What the configuration should make of the fault. */
	public enum Expect {

		/** Nothing lost: the hardened client survives the fault. */
		NO_FAILURES("no-failures"),

		/** The misconfigured client shows the failure users meet in production. */
		FAILURES("failures"),

		/** Some requests fail while the fault lasts, none hangs past its timeout. */
		BOUNDED("bounded");

		private final String id;

		Expect(String id) {
			this.id = id;
		}

		@JsonValue
		public String id() {
			return this.id;
		}

	}

}
