package io.keepalivelab.connection.netty;

import io.keepalivelab.connection.ConnectionAccounting;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the API's inbound requests and marks the Reactor Netty connections they arrive on as having
 * carried one. Requests to the actuator are left out, so reading the counters never changes them.
 */
class InboundAccountingFilter implements WebFilter {

	private final InboundConnections connections;

	private final String actuatorBasePath;

	InboundAccountingFilter(InboundConnections connections, String actuatorBasePath) {
		this.connections = connections;
		this.actuatorBasePath = actuatorBasePath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!ConnectionAccounting.isActuator(path, actuatorBasePath) && ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection c) {
			connections.request(c.channel());
		}
		return chain.filter(exchange);
	}
}
