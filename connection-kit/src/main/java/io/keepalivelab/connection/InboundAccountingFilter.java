package io.keepalivelab.connection;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the API's inbound requests and the connections they arrive on. Requests to the actuator are
 * left out, so reading the counters never changes them.
 */
public class InboundAccountingFilter implements WebFilter {

	private final ConnectionAccounting accounting;

	private final String actuatorBasePath;

	public InboundAccountingFilter(ConnectionAccounting accounting, String actuatorBasePath) {
		this.accounting = accounting;
		this.actuatorBasePath = actuatorBasePath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		boolean actuator = path.equals(actuatorBasePath) || path.startsWith(actuatorBasePath + "/");
		if (!actuator && ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection c) {
			accounting.inboundRequest(c.channel());
		}
		return chain.filter(exchange);
	}
}
