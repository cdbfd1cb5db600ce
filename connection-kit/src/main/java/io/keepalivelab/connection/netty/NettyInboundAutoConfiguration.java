package io.keepalivelab.connection.netty;

import java.util.List;
import java.util.Set;

import io.keepalivelab.chain.AcceptHeader;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpointAutoConfiguration;
import io.keepalivelab.connection.OutboundConnections;
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
 * hard limits, connections counted from the server's own channels, and the server's meters.
 */
@AutoConfiguration(before = ConnectionsEndpointAutoConfiguration.class)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ServerConnectionProperties.class)
public class NettyInboundAutoConfiguration {

	/** The chain's own routes: the only paths that get their own uri tag on the server's meters. */
	private static final Set<String> API_PATHS = Set.of("/api/chain", "/orchestrate", "/work");

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

	@Bean
	NettyServerCustomizer nettyServerMetricsCustomizer() {
		return server -> server.metrics(true, NettyInboundAutoConfiguration::serverUriTag);
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

	/**
	 * The uri tag of the server's meters: the path for the chain's own routes, one shared value for every
	 * other path, so that a client sending random paths cannot grow the meter registry without bound.
	 */
	static String serverUriTag(String uri) {
		String path = OutboundConnections.pathOnly(uri);
		return API_PATHS.contains(path) ? path : "/other";
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
