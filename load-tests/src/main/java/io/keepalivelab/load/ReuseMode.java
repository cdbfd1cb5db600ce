package io.keepalivelab.load;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The outbound reuse mode of the services in a scenario, one per Spring profile of the same name; the
 * same on every internal hop.
 */
public enum ReuseMode {

	REUSE("reuse"),

	NO_REUSE("no-reuse"),

	CLIENT_PER_REQUEST("client-per-request"),

	NO_REUSE_CLIENT_PER_REQUEST("no-reuse+client-per-request");

	private final String id;

	ReuseMode(String id) {
		this.id = id;
	}

	/** The name in {@code scenario.json}. */
	@JsonValue
	public String id() {
		return this.id;
	}

	/** Whether every call on an internal hop opens a new connection: all modes but {@code reuse}. */
	public boolean newConnectionPerCall() {
		return this != REUSE;
	}

}
