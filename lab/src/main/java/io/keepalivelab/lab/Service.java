package io.keepalivelab.lab;

import java.util.Optional;

import io.keepalivelab.load.Hop;

/**
 * The services of the chain, from the caller's end, each named by the hop into it (load-tests' {@link Hop},
 * which the report reads too): its callers reach it through that hop's link, and it calls the next one.
 */
public enum Service {

	PUBLIC_API(Hop.CLIENT_TO_PUBLIC),

	ORCHESTRATION_API(Hop.PUBLIC_TO_ORCHESTRATION),

	BACKEND_API(Hop.ORCHESTRATION_TO_BACKEND);

	private final Hop into;

	Service(Hop into) {
		this.into = into;
	}

	/** The module, jar and log name. */
	public String id() {
		return this.into.receiver();
	}

	/** The name of the link its callers reach it through. */
	public String linkInFront() {
		return this.into.linkName();
	}

	/** The service it calls, if any. */
	public Optional<Service> downstream() {
		return (ordinal() + 1 < values().length) ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
	}

	/** The property that points this service at its downstream. */
	public String downstreamUrlProperty() {
		return "keepalive-lab.downstreams." + downstream().orElseThrow().id() + ".base-url";
	}

	@Override
	public String toString() {
		return id();
	}

}
