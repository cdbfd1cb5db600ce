package io.keepalivelab.connection.netty;

import java.util.List;

import io.keepalivelab.chain.AcceptHeader;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpointAutoConfiguration;
import io.keepalivelab.connection.ServerConnectionProperties;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebFilter;

/**
 * The inbound half on Reactor Netty (Spring WebFlux): the server's connection policy with its soft and
 * hard limits, connections counted from the server's own channels. Reactor Netty's own server meters stay off: they
 * time every request a second time beside Spring's {@code http.server.requests}, which the dashboard reads, and
 * the lab's {@code keepalive-lab.server.connections.*} count the connections on both stacks.
 */
@AutoConfiguration(before = ConnectionsEndpointAutoConfiguration.class)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ServerConnectionProperties.class)
public class NettyInboundAutoConfiguration {

	/** Also the stack's {@code ServerStack} and a {@code MeterBinder} for its limits. */
	@Bean
	@ConditionalOnMissingBean
	NettyServerPolicy nettyServerPolicy(ServerConnectionProperties limits, ObjectProvider<NettyServerProperties> netty) {
		NettyServerProperties server = netty.getIfAvailable(NettyServerProperties::new);
		return new NettyServerPolicy(limits, server.getIdleTimeout(), server.getMaxKeepAliveRequests());
	}

	@Bean
	NettyServerCustomizer nettyServerPolicyCustomizer(NettyServerPolicy policy) {
		return policy::applyTo;
	}

	/** A client's HTTP/2 stream errors: the stream reset and logged at DEBUG, not as the server's ERROR. */
	@Bean
	NettyServerCustomizer nettyHttp2StreamErrorsCustomizer() {
		return Http2StreamErrors::applyTo;
	}

	@Bean
	InboundConnections nettyInboundConnections(ConnectionAccounting accounting) {
		return new InboundConnections(accounting);
	}

	@Bean
	NettyServerCustomizer nettyInboundConnectionsCustomizer(InboundConnections connections) {
		return connections::applyTo;
	}

	@Bean
	WebFilter inboundAccountingFilter(InboundConnections connections, WebEndpointProperties endpoints) {
		return new InboundAccountingFilter(connections, endpoints.getBasePath());
	}

	/** Answers and the backend's work timer on the request's own event loop (see {@code RequestEventLoop}). */
	@Bean
	WebFilter requestEventLoopFilter() {
		return new RequestEventLoopFilter();
	}

	/** Disregards an Accept header Spring cannot read (see {@link AcceptHeader}). */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter unreadableAcceptFilter() {
		return (exchange, chain) -> {
			List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
			if (accept == null || AcceptHeader.readable(accept)) {
				return chain.filter(exchange);
			}
			return chain.filter(
					exchange.mutate().request(request -> request.headers(h -> h.remove(HttpHeaders.ACCEPT))).build());
		};
	}
}
