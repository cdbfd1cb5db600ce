package io.keepalivelab.load;

import java.util.Arrays;
import java.util.List;

/**
 * One link of the chain. Its connections are counted where they are accepted, on the receiving
 * server, because the load generator (the client of the first hop) reports none; on an emulated
 * network the link emulator counts them too, under the link's name.
 */
public enum Hop {

	CLIENT_TO_PUBLIC(null, "public-api", "customer"),

	PUBLIC_TO_ORCHESTRATION("public-api", "orchestration-api", "public-to-orchestration"),

	ORCHESTRATION_TO_BACKEND("orchestration-api", "backend-api", "orchestration-to-backend");

	private final String caller;

	private final String receiver;

	private final String linkName;

	Hop(String caller, String receiver, String linkName) {
		this.caller = caller;
		this.receiver = receiver;
		this.linkName = linkName;
	}

	/** The calling service, or {@code null} for the load generator. */
	public String caller() {
		return this.caller;
	}

	public String receiver() {
		return this.receiver;
	}

	/** The name of this hop's link in the link emulator's {@code links.json}. */
	public String linkName() {
		return this.linkName;
	}

	/** The chain's services in the order a request reaches them: public-api, orchestration-api, backend-api. */
	public static List<String> services() {
		return Arrays.stream(values()).map(Hop::receiver).toList();
	}

	public String label() {
		return ((this.caller != null) ? this.caller : "client") + " -> " + this.receiver;
	}

}
