package io.keepalivelab.lab;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.keepalivelab.load.FaultSettings.Expect;

/**
 * The two settings of orchestration-api's client that a fault run compares. The hardened one is the reuse
 * profile with its idle rule kept against the 1 s limits the faults set (max-idle-time 500 ms, retry on, as
 * by default); the misconfigured one is what a naive client does: keep idle connections longer than the
 * server or the network does, and never retry.
 */
public enum ClientConfiguration {

	MISCONFIGURED("misconfigured", Expect.FAILURES, "keepalive-lab.client.pool.max-idle-time", "20s",
			"keepalive-lab.client.retry-dead-connections", "false"),

	HARDENED("hardened", Expect.NO_FAILURES, "keepalive-lab.client.pool.max-idle-time", "500ms",
			"keepalive-lab.client.pool.eviction-interval", "250ms");

	private final String id;

	private final Expect expect;

	private final Map<String, String> properties;

	/** {@code properties}: names and values in turn, in the order they are given to the service. */
	ClientConfiguration(String id, Expect expect, String... properties) {
		this.id = id;
		this.expect = expect;
		Map<String, String> byName = new LinkedHashMap<>();
		for (int i = 0; i < properties.length; i += 2) {
			byName.put(properties[i], properties[i + 1]);
		}
		this.properties = Collections.unmodifiableMap(byName);
	}

	/** The name in scenario names and {@code fault.json}. */
	public String id() {
		return this.id;
	}

	/** What this configuration should make of a fault that it can get wrong. */
	public Expect expect() {
		return this.expect;
	}

	/** orchestration-api's client properties, by name. */
	public Map<String, String> properties() {
		return this.properties;
	}

	public static ClientConfiguration of(String id) {
		for (ClientConfiguration configuration : values()) {
			if (configuration.id.equals(id)) {
				return configuration;
			}
		}
		throw new IllegalArgumentException("no client configuration '" + id + "'");
	}

}
