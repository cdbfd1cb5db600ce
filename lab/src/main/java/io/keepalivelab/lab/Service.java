package io.keepalivelab.lab;

import java.util.Optional;

/**
 * The services of the chain, from the caller's end: each calls the next through the link in front of it.
 * The link names and downstream properties are the ones the link emulator and the services know.
 */
public enum Service {

	PUBLIC_API("public-api", "customer", "orchestration-api"),

	ORCHESTRATION_API("orchestration-api", "public-to-orchestration", "backend-api"),

	BACKEND_API("backend-api", "orchestration-to-backend", null);

	private final String id;

	private final String linkInFront;

	private final String downstream;

	Service(String id, String linkInFront, String downstream) {
		this.id = id;
		this.linkInFront = linkInFront;
		this.downstream = downstream;
	}

	/** The module, jar and log name. */
	public String id() {
		return this.id;
	}

	/** The name of the link its callers reach it through. */
	public String linkInFront() {
		return this.linkInFront;
	}

	/** The service it calls, if any. */
	public Optional<Service> downstream() {
		return Optional.ofNullable(this.downstream).map(Service::of);
	}

	/** The property that points this service at its downstream. */
	public String downstreamUrlProperty() {
		return "keepalive-lab.downstreams." + this.downstream + ".base-url";
	}

	public static Service of(String id) {
		for (Service service : values()) {
			if (service.id.equals(id)) {
				return service;
			}
		}
		throw new IllegalArgumentException("no service '" + id + "'");
	}

	@Override
	public String toString() {
		return this.id;
	}

}
