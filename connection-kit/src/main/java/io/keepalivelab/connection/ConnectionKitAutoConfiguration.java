package io.keepalivelab.connection;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;

/**
 * Wires the connection machinery into a service: outbound clients for the configured downstreams,
 * inbound and outbound accounting, the {@code connections} endpoint and problem responses.
 */
@AutoConfiguration
@EnableConfigurationProperties({ ClientProperties.class, DownstreamProperties.class, ServerConnectionProperties.class })
@Import(ProblemResponses.class)
public class ConnectionKitAutoConfiguration {

	private static final Log log = LogFactory.getLog(ConnectionKitAutoConfiguration.class);

	/** The chain's own routes: the only paths that get their own uri tag on the server's meters. */
	private static final Set<String> API_PATHS = Set.of("/api/chain", "/orchestrate", "/work");

	private static final Set<String> TRANSPORT_PROFILES = Set.of("tls12", "tls13", "h2", "h2c");

	@Bean
	ConnectionAccounting connectionAccounting(DownstreamProperties downstreams, ServerConnectionPolicy serverPolicy) {
		ConnectionAccounting accounting = new ConnectionAccounting(serverPolicy);
		downstreams.downstreams().keySet().forEach(accounting::declareDownstream);
		return accounting;
	}

	/** {@code keepalive_lab_client_retries_total{downstream}}: calls sent again after a dead pooled connection. */
	@Bean
	MeterBinder outboundRetryMetrics(ConnectionAccounting accounting, DownstreamProperties downstreams) {
		return registry -> downstreams.downstreams()
			.keySet()
			.forEach(downstream -> FunctionCounter
				.builder("keepalive-lab.client.retries", accounting,
						counts -> counts.outboundSnapshot().get(downstream).retries())
				.description("Calls sent a second time because the reused connection they went out on was dead")
				.tag("downstream", downstream)
				.register(registry));
	}

	@Bean
	OutboundConnections outboundConnections(@Value("${spring.application.name}") String service,
			ClientProperties client, ConnectionAccounting accounting, Environment environment, SslBundles sslBundles) {
		List<String> profiles = Arrays.asList(environment.getActiveProfiles());
		ReuseMode mode = ReuseMode.of(client);
		if (profiles.contains("reuse") && !mode.name().equals("reuse")) {
			throw new IllegalStateException("Profile 'reuse' cannot be combined with '" + mode.name()
					+ "': activate one reuse mode");
		}
		List<String> transports = profiles.stream().filter(TRANSPORT_PROFILES::contains).toList();
		if (transports.size() > 1) {
			throw new IllegalStateException("Profiles " + transports + " cannot be combined: activate one transport");
		}
		return new OutboundConnections(service, client, accounting, sslBundles);
	}

	@Bean(destroyMethod = "close")
	Downstreams downstreams(@Value("${spring.application.name}") String service, DownstreamProperties properties,
			OutboundConnections connections, ObjectProvider<WebClient.Builder> webClientBuilder) {
		Map<String, DownstreamClient> clients = new LinkedHashMap<>();
		properties.downstreams().forEach((name, target) -> {
			boolean https = "https".equals(target.baseUrl().getScheme());
			if (https != connections.properties().secure()) {
				throw new IllegalStateException("keepalive-lab.downstreams." + name + ".base-url is " + target.baseUrl()
						+ " but the client " + (https ? "speaks clear text" : "speaks TLS") + ": use "
						+ (https ? "http://" : "https://") + " or " + (https ? "a TLS profile" : "no TLS profile"));
			}
			clients.put(name, new DownstreamClient(service, name, target, connections, webClientBuilder.getObject()));
		});
		return new Downstreams(clients);
	}

	@Bean
	InboundAccountingFilter inboundAccountingFilter(ConnectionAccounting accounting,
			WebEndpointProperties endpoints) {
		return new InboundAccountingFilter(accounting, endpoints.getBasePath());
	}

	@Bean
	ConnectionsEndpoint connectionsEndpoint(@Value("${spring.application.name}") String service,
			Environment environment, OutboundConnections connections, ConnectionAccounting accounting) {
		return new ConnectionsEndpoint(service, Arrays.asList(environment.getActiveProfiles()), connections.mode(),
				connections.transport(), accounting);
	}

	/** Where inbound transport settings go: the server side of every hop is built here. */
	@Bean
	NettyServerCustomizer inboundServerCustomizer() {
		return server -> server.metrics(true, ConnectionKitAutoConfiguration::serverUriTag);
	}

	/**
	 * The uri tag of the server's meters: the path for the chain's own routes, one shared value for every
	 * other path, so that a client sending random paths cannot grow the meter registry without bound.
	 */
	static String serverUriTag(String uri) {
		String path = OutboundConnections.pathOnly(uri);
		return API_PATHS.contains(path) ? path : "/other";
	}

	/**
	 * Disregards an Accept header Spring cannot read, as RFC 9110 allows: Spring answers a malformed one
	 * with a 406 or 400 without a body, and one of more than 50 media types with a 500.
	 */
	// Reference: https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter unreadableAcceptFilter() {
		return (exchange, chain) -> {
			List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
			if (accept == null || readable(accept)) {
				return chain.filter(exchange);
			}
			return chain.filter(
					exchange.mutate().request(request -> request.headers(h -> h.remove(HttpHeaders.ACCEPT))).build());
		};
	}

	private static boolean readable(List<String> accept) {
		try {
			MimeTypeUtils.sortBySpecificity(MediaType.parseMediaTypes(accept));
			return true;
		}
		catch (IllegalArgumentException unreadable) {
			return false;
		}
	}

	/** Also a {@code MeterBinder}: {@code keepalive_lab_server_connections_*}. */
	@Bean
	ServerConnectionPolicy serverConnectionPolicy(ServerConnectionProperties limits,
			ObjectProvider<NettyServerProperties> netty) {
		NettyServerProperties server = netty.getIfAvailable(NettyServerProperties::new);
		return new ServerConnectionPolicy(limits, server.getIdleTimeout(), server.getMaxKeepAliveRequests());
	}

	@Bean
	NettyServerCustomizer serverConnectionPolicyCustomizer(ServerConnectionPolicy policy) {
		return policy::applyTo;
	}

	@Bean
	@ConditionalOnProperty("keepalive-lab.port-file")
	PortFileWriter portFileWriter(@Value("${keepalive-lab.port-file}") Path portFile) {
		return new PortFileWriter(portFile);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> reuseModeBanner(@Value("${spring.application.name}") String service,
			OutboundConnections connections, Downstreams downstreams) {
		return ready -> log.info(service + " outbound mode: " + connections.mode() + ", " + connections.transport()
				+ "; downstreams: " + downstreams);
	}
}
