package io.keepalivelab.connection;

import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What a service says about its connections, whatever its server stack: the counters, the
 * {@code connections} endpoint, the server's connection meters, and one startup line naming the stack,
 * the reuse mode and the downstreams.
 */
@AutoConfiguration
public class ConnectionsEndpointAutoConfiguration {

	private static final Log log = LogFactory.getLog(ConnectionsEndpointAutoConfiguration.class);

	/** The server stack comes from the stack's own auto-configuration; without a server there is none. */
	@Bean
	@ConditionalOnMissingBean
	ConnectionAccounting connectionAccounting(ObjectProvider<ServerStack> server) {
		return server.stream().findFirst().map(ConnectionAccounting::new).orElseGet(ConnectionAccounting::new);
	}

	@Bean
	@ConditionalOnBean(ServerStack.class)
	ServerMetrics serverConnectionMetrics(ServerStack server, ConnectionAccounting accounting) {
		return new ServerMetrics(server, accounting);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionsEndpoint connectionsEndpoint(@Value("${spring.application.name}") String service,
			Environment environment, OutboundConnections connections, ConnectionAccounting accounting) {
		return new ConnectionsEndpoint(service, Arrays.asList(environment.getActiveProfiles()), connections.mode(),
				connections.transport(), accounting);
	}

	@Bean
	@ConditionalOnProperty("keepalive-lab.port-file")
	PortFileWriter portFileWriter(@Value("${keepalive-lab.port-file}") Path portFile) {
		return new PortFileWriter(portFile);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> connectionsBanner(@Value("${spring.application.name}") String service,
			ConnectionAccounting accounting, OutboundConnections connections, Downstreams downstreams) {
		return ready -> log.info(service + " server stack: " + accounting.stack() + "; outbound mode: "
				+ connections.mode() + ", " + connections.transport() + "; downstreams: " + downstreams);
	}
}
