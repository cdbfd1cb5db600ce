package io.keepalivelab.load;

/**
 * One link of the chain. Its connections are counted where they are accepted, on the receiving
 * server, because the load generator (the client of the first hop) reports none.
 */
public enum Hop {

	CLIENT_TO_PUBLIC(null, "public-api"),

	PUBLIC_TO_ORCHESTRATION("public-api", "orchestration-api"),

	ORCHESTRATION_TO_BACKEND("orchestration-api", "backend-api");

	private final String caller;

	private final String receiver;

	Hop(String caller, String receiver) {
		this.caller = caller;
		this.receiver = receiver;
	}

	/** The calling service, or {@code null} for the load generator. */
	public String caller() {
		return this.caller;
	}

	public String receiver() {
		return this.receiver;
	}

	public String label() {
		return ((this.caller != null) ? this.caller : "client") + " -> " + this.receiver;
	}

}
