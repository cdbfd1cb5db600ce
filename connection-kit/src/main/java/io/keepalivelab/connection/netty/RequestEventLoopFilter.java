package io.keepalivelab.connection.netty;

import io.keepalivelab.chain.RequestEventLoop;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Puts the event loop of the connection a request came on into the Reactor context: the {@link RequestEventLoop}. */
class RequestEventLoopFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// An HTTP/2 stream the client reset before its request got here is no longer registered and has no event loop.
		if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection
				&& connection.channel().isRegistered()) {
			EventLoop loop = connection.channel().eventLoop();
			return chain.filter(exchange).contextWrite(context -> context.put(RequestEventLoop.KEY, loop));
		}
		return chain.filter(exchange);
	}
}
