package io.keepalivelab.connection;

import java.util.Map;

import io.keepalivelab.chain.ChainApiAutoConfiguration;
import io.keepalivelab.chain.ProblemResponses;
import io.keepalivelab.connection.netty.NettyInboundAutoConfiguration;
import io.keepalivelab.connection.netty.NettyServerPolicy;
import io.keepalivelab.connection.tomcat.TomcatInboundAutoConfiguration;
import io.keepalivelab.connection.tomcat.TomcatServerPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which parts of the kit a service gets, by the kind of web application it is: the outbound half and the
 * endpoint always, the inbound half of its own stack only, and every bean steps aside for a user's own.
 */
class ConnectionKitAutoConfigurationsTests {

	private static final AutoConfigurations KIT = AutoConfigurations.of(SslAutoConfiguration.class,
			ConnectionsEndpointAutoConfiguration.class, OutboundAutoConfiguration.class,
			NettyInboundAutoConfiguration.class, TomcatInboundAutoConfiguration.class, ChainApiAutoConfiguration.class);

	private static <R extends AbstractApplicationContextRunner<R, ?, ?>> R kit(R runner) {
		return runner.withConfiguration(KIT)
			.withPropertyValues("spring.application.name=test-service")
			.withBean(WebEndpointProperties.class);
	}

	@Test
	void onWebFluxTheInboundHalfIsNettysAndTheEndpointNamesIt() {
		kit(new ReactiveWebApplicationContextRunner()).run(context -> {
			assertThat(context).hasSingleBean(NettyServerPolicy.class)
				.doesNotHaveBean(TomcatServerPolicy.class)
				.hasSingleBean(ServerMetrics.class)
				.hasSingleBean(ProblemResponses.class)
				.hasSingleBean(Downstreams.class);
			assertThat(context.getBean(ConnectionsEndpoint.class).connections().stack()).isEqualTo("netty");
			assertThat(context.getBean(ConnectionsEndpoint.class).connections().inbound().policy().settings())
				.containsKeys("server.netty.idle-timeout", "keepalive-lab.server.connections.soft-limit");
		});
	}

	@Test
	void onSpringMvcTheInboundHalfIsTomcatsAndTheEndpointNamesIt() {
		kit(new WebApplicationContextRunner()).run(context -> {
			assertThat(context).hasSingleBean(TomcatServerPolicy.class)
				.doesNotHaveBean(NettyServerPolicy.class)
				.hasSingleBean(ServerMetrics.class)
				.hasSingleBean(ProblemResponses.class);
			assertThat(context.getBean(ConnectionsEndpoint.class).connections().stack()).isEqualTo("tomcat");
		});
	}

	@Test
	void onTomcatNettysSoftLimitIsRefusedNamingTomcatsSettings() {
		kit(new WebApplicationContextRunner()).withPropertyValues("keepalive-lab.server.connections.soft-limit=5")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("server.tomcat.max-connections"));
	}

	@Test
	void withoutAWebServerTheClientStillCountsAndNoServerIsClaimed() {
		kit(new ApplicationContextRunner()).run(context -> {
			assertThat(context).hasSingleBean(OutboundConnections.class)
				.doesNotHaveBean(ServerStack.class)
				.doesNotHaveBean(ServerMetrics.class)
				.doesNotHaveBean(ProblemResponses.class);
			assertThat(context.getBean(ConnectionAccounting.class).stack()).isEqualTo("none");
		});
	}

	@Test
	void aUsersOwnBeansAreKept() {
		Downstreams own = new Downstreams(Map.of());
		kit(new ReactiveWebApplicationContextRunner()).withBean(Downstreams.class, () -> own)
			.withBean("ownPolicy", NettyServerPolicy.class,
					() -> new NettyServerPolicy(new ServerConnectionProperties(0, 0), null, 7))
			.run(context -> {
				assertThat(context.getBean(Downstreams.class)).isSameAs(own);
				assertThat(context).getBeans(NettyServerPolicy.class).containsOnlyKeys("ownPolicy");
				assertThat(context.getBean(ConnectionsEndpoint.class).connections().inbound().policy()
					.maxKeepAliveRequests()).isEqualTo(7);
			});
	}
}
