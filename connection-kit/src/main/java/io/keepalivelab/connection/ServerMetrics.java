package io.keepalivelab.connection;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code keepalive_lab_server_connections_*}: the server's connection figures under the same names on
 * every stack, read from {@link ConnectionAccounting} and {@link ServerStack#policy()} when scraped. The
 * counters are the {@code inbound} figures of {@code /actuator/connections}, with the same meaning:
 * {@code accepted_total = refused_total + tls_failed_total + carried_requests_total + unused_total} + the open
 * connections that have not carried a counted request yet.
 */
final class ServerMetrics implements MeterBinder {

	private static final String PREFIX = "keepalive-lab.server.connections.";

	private final ServerStack server;

	private final ConnectionAccounting accounting;

	ServerMetrics(ServerStack server, ConnectionAccounting accounting) {
		this.server = server;
		this.accounting = accounting;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		inbound(registry, "accepted", ConnectionAccounting.Inbound::accepted,
				"Connections the server accepted, whatever became of them");
		counter(registry, "refused", InboundPolicy::refused,
				"Connections closed as soon as accepted, at the hard limit; always 0 on Tomcat, which stops accepting instead");
		inbound(registry, "tls-failed", ConnectionAccounting.Inbound::tlsFailed,
				"Accepted connections whose TLS handshake failed or never completed");
		inbound(registry, "unused", ConnectionAccounting.Inbound::unused,
				"Accepted connections closed without carrying a counted request (actuator requests are not counted)");
		inbound(registry, "carried-requests", ConnectionAccounting.Inbound::carriedRequests,
				"Connections that carried at least one counted request (actuator requests are not counted)");
		gauge(registry, "open", InboundPolicy::open, "Connections the server holds open, whatever their protocol and requests");
		gauge(registry, "idle", InboundPolicy::idle, "Open connections without a request in flight");
		counter(registry, "evicted", InboundPolicy::evicted, "Idle connections closed to get back to the soft limit");
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

	private void inbound(MeterRegistry registry, String name, ToDoubleFunction<ConnectionAccounting.Inbound> figure,
			String description) {
		FunctionCounter.builder(PREFIX + name, accounting, counts -> figure.applyAsDouble(counts.inboundSnapshot()))
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
