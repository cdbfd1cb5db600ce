package io.keepalivelab.connection.netty;

import io.keepalivelab.connection.ConnectionAccounting;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the API's inbound requests and the Reactor Netty connections they arrive on. Requests to the
 * actuator are left out, so reading the counters never changes them.
 */
class InboundAccountingFilter implements WebFilter {

	private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("keepalive-lab.inbound-counted");

	private final ConnectionAccounting accounting;

	private final String actuatorBasePath;

	InboundAccountingFilter(ConnectionAccounting accounting, String actuatorBasePath) {
		this.accounting = accounting;
		this.actuatorBasePath = actuatorBasePath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!ConnectionAccounting.isActuator(path, actuatorBasePath) && ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection c) {
			Channel connection = ConnectionAccounting.connectionOf(c.channel());
			boolean first = connection.attr(COUNTED).setIfAbsent(Boolean.TRUE) == null;
			accounting.inboundRequest(first);
			if (first) {
				connection.closeFuture().addListener(closed -> accounting.inboundClosed());
			}
		}
		return chain.filter(exchange);
	}
}
