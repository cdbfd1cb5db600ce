package io.keepalivelab.chain.tests;

/**
 * The server stack of each service of a chain, each one a Spring profile: {@code netty} (WebFlux on
 * Reactor Netty) or {@code tomcat} (Spring MVC on Tomcat). A mixed chain is three different profiles.
 */
record Stacks(String publicApi, String orchestration, String backend) {

	static final String NETTY = "netty";

	static final String TOMCAT = "tomcat";

	static Stacks all(String stack) {
		return new Stacks(stack, stack, stack);
	}

	/** {@code profiles} with {@code stack} added, as a service of that stack is started. */
	static String profiles(String profiles, String stack) {
		return profiles + "," + stack;
	}

	@Override
	public String toString() {
		return publicApi.equals(orchestration) && orchestration.equals(backend) ? publicApi
				: publicApi + "/" + orchestration + "/" + backend;
	}
}
