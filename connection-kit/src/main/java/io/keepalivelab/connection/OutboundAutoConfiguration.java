package io.keepalivelab.connection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The outbound half, the same on every server stack: one Reactor Netty pool and WebClient per configured
 * downstream, built for the active reuse mode and transport, and the retry meters.
 */
@AutoConfiguration(after = ConnectionsEndpointAutoConfiguration.class)
@EnableConfigurationProperties({ ClientProperties.class, DownstreamProperties.class })
public class OutboundAutoConfiguration {

	private static final Set<String> TRANSPORT_PROFILES = Set.of("tls12", "tls13", "h2", "h2c");

	@Bean
	@ConditionalOnMissingBean
	OutboundConnections outboundConnections(@Value("${spring.application.name}") String service,
			ClientProperties client, ConnectionAccounting accounting, Environment environment, SslBundles sslBundles) {
		List<String> profiles = Arrays.asList(environment.getActiveProfiles());
		ReuseMode mode = ReuseMode.of(client);
		if (profiles.contains("reuse") && !mode.name().equals("reuse")) {
			throw new IllegalStateException("Profile 'reuse' cannot be combined with '" + mode.name()
					+ "': activate one reuse mode");
		}
		if (profiles.contains(ServerStack.NETTY) && profiles.contains(ServerStack.TOMCAT)) {
			throw new IllegalStateException("Profiles 'netty' and 'tomcat' cannot be combined: activate one server stack");
		}
		List<String> transports = profiles.stream().filter(TRANSPORT_PROFILES::contains).toList();
		if (transports.size() > 1) {
			throw new IllegalStateException("Profiles " + transports + " cannot be combined: activate one transport");
		}
		return new OutboundConnections(service, client, accounting, sslBundles);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Downstreams downstreams(@Value("${spring.application.name}") String service, DownstreamProperties properties,
			OutboundConnections connections, ConnectionAccounting accounting,
			ObjectProvider<WebClient.Builder> webClientBuilder) {
		Map<String, DownstreamClient> clients = new LinkedHashMap<>();
		properties.downstreams().forEach((name, target) -> {
			boolean https = "https".equals(target.baseUrl().getScheme());
			if (https != connections.properties().secure()) {
				throw new IllegalStateException("keepalive-lab.downstreams." + name + ".base-url is " + target.baseUrl()
						+ " but the client " + (https ? "speaks clear text" : "speaks TLS") + ": use "
						+ (https ? "http://" : "https://") + " or " + (https ? "a TLS profile" : "no TLS profile"));
			}
			accounting.declareDownstream(name);
			clients.put(name, new DownstreamClient(service, name, target, connections, webClientBuilder.getObject()));
		});
		return new Downstreams(clients);
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
}
