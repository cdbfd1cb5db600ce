package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The {@code fault.json} of a fault scenario: which failure the demo provoked, with which client
 * configuration, and what a good outcome is.
 *
 * @param configuration e.g. {@code misconfigured} or {@code hardened}
 * @param timeoutMs the longest a request may take with this configuration (the response timeout of the
 *                  slowest hop, with a margin for the network): a request slower than that hung
 */
public record FaultSettings(String fault, String configuration, String description, Expect expect,
		long timeoutMs) {

	public static final String FILE_NAME = "fault.json";

	public FaultSettings {
		Objects.requireNonNull(fault, "fault");
		Objects.requireNonNull(configuration, "configuration");
		Objects.requireNonNull(expect, "expect");
		if (timeoutMs < 1) {
			throw new IllegalArgumentException("timeoutMs must be positive");
		}
	}

	public static FaultSettings read(Path file) {
		return Json.MAPPER.readValue(file, FaultSettings.class);
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
