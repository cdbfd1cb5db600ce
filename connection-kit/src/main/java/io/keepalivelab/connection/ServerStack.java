package io.keepalivelab.connection;

/**
 * The server a service runs on, as {@code /actuator/connections} shows it: the stack's name and the
 * connection policy in force with what it did. One implementation per stack, next to the code that reads
 * that server's own connection events.
 */
public interface ServerStack {

	/** Reactor Netty under Spring WebFlux. */
	String NETTY = "netty";

	/** Tomcat under Spring MVC. */
	String TOMCAT = "tomcat";

	/** {@link #NETTY} or {@link #TOMCAT}. */
	String name();

	InboundPolicy policy();
}
