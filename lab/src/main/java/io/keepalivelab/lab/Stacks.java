package io.keepalivelab.lab;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.keepalivelab.load.ServerStack;

/**
 * The server stack of each service of a chain, each one a Spring profile added to the service's own:
 * {@code netty} (WebFlux on Reactor Netty) or {@code tomcat} (Spring MVC on Tomcat). A mixed chain is
 * written {@code PUBLIC/ORCHESTRATION/BACKEND}, e.g. {@code tomcat/netty/netty}; a chain on one stack by
 * that stack's name alone.
 */
public record Stacks(String publicApi, String orchestration, String backend) {

	public static final String NETTY = "netty";

	public static final String TOMCAT = "tomcat";

	public static final List<String> ALL = List.of(NETTY, TOMCAT);

	private static final Pattern ITEM = Pattern.compile("[a-z]+(/[a-z]+/[a-z]+)?");

	public Stacks {
		for (String stack : List.of(publicApi, orchestration, backend)) {
			if (!ALL.contains(stack)) {
				throw new IllegalArgumentException("unknown stack '" + stack + "' (known: " + String.join(" ", ALL) + ")");
			}
		}
	}

	public static Stacks all(String stack) {
		return new Stacks(stack, stack, stack);
	}

	/** A {@code --stacks} item: a stack, or {@code PUBLIC/ORCHESTRATION/BACKEND}. */
	public static Stacks parse(String item) {
		if (!ITEM.matcher(item).matches()) {
			throw new IllegalArgumentException("--stacks item '" + item
					+ "' is neither a stack nor PUBLIC/ORCHESTRATION/BACKEND (e.g. tomcat/netty/netty)");
		}
		String[] chain = item.split("/");
		return (chain.length == 1) ? all(item) : new Stacks(chain[0], chain[1], chain[2]);
	}

	public String of(Service service) {
		return switch (service) {
			case PUBLIC_API -> this.publicApi;
			case ORCHESTRATION_API -> this.orchestration;
			case BACKEND_API -> this.backend;
		};
	}

	/** {@code profiles} with the service's stack added, as that service is started. */
	public String profiles(String profiles, Service service) {
		return profiles(profiles, of(service));
	}

	/** {@code profiles} with {@code stack} added, as a service on that stack is started. */
	public static String profiles(String profiles, String stack) {
		return profiles + "," + stack;
	}

	public boolean uniform() {
		return this.publicApi.equals(this.orchestration) && this.orchestration.equals(this.backend);
	}

	/** Each service's stack by its name, as {@code scenario.json} has them. */
	public Map<String, ServerStack> byService() {
		return Map.of(Service.PUBLIC_API.id(), stack(this.publicApi), Service.ORCHESTRATION_API.id(),
				stack(this.orchestration), Service.BACKEND_API.id(), stack(this.backend));
	}

	private static ServerStack stack(String id) {
		return ServerStack.valueOf(id.toUpperCase(Locale.ROOT));
	}

	/** The name in logs and {@code --stacks}: one stack's name, or the three joined by {@code /}. */
	@Override
	public String toString() {
		return uniform() ? this.publicApi : this.publicApi + "/" + this.orchestration + "/" + this.backend;
	}

}
