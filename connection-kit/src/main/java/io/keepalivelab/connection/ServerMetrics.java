package io.keepalivelab.connection;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code keepalive_lab_server_connections_*}: the server's connection figures under the same names on
 * every stack, read from {@link ServerStack#policy()} when scraped.
 */
final class ServerMetrics implements MeterBinder {

	private static final String PREFIX = "keepalive-lab.server.connections.";

	private final ServerStack server;

	ServerMetrics(ServerStack server) {
		this.server = server;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "open", InboundPolicy::open, "Connections the server holds open, whatever their protocol and requests");
		gauge(registry, "idle", InboundPolicy::idle, "Open connections without a request in flight");
		counter(registry, "evicted", InboundPolicy::evicted, "Idle connections closed to get back to the soft limit");
		counter(registry, "refused", InboundPolicy::refused, "Connections closed as soon as accepted, at the hard limit");
		counter(registry, "closed-idle", InboundPolicy::closedIdle, "Connections closed by the server's idle timeout");
		counter(registry, "closed-at-request-limit", InboundPolicy::closedAtRequestLimit,
				"Connections closed after the response to the last request the server allows on one connection");
	}

	private void gauge(MeterRegistry registry, String name, ToDoubleFunction<InboundPolicy> figure, String description) {
		Gauge.builder(PREFIX + name, server, stack -> figure.applyAsDouble(stack.policy()))
			.description(description)
			.tag("stack", server.name())
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, ToDoubleFunction<InboundPolicy> figure,
			String description) {
		FunctionCounter.builder(PREFIX + name, server, stack -> figure.applyAsDouble(stack.policy()))
			.description(description)
			.tag("stack", server.name())
			.register(registry);
	}
}
