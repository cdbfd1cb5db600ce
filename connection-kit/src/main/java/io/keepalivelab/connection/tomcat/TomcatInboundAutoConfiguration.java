package io.keepalivelab.connection.tomcat;

import java.util.Arrays;

import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpointAutoConfiguration;
import io.keepalivelab.connection.ServerConnectionProperties;
import org.apache.catalina.Pipeline;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The inbound half on Tomcat (Spring MVC): a connector that reports its connections' close and idle
 * timeout, connections counted by the id Tomcat gives them, and the connector's settings in force.
 */
@AutoConfiguration(before = ConnectionsEndpointAutoConfiguration.class)
@ConditionalOnClass(Tomcat.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServerConnectionProperties.class)
public class TomcatInboundAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TomcatServerPolicy tomcatServerPolicy(ServerConnectionProperties limits) {
		if (limits.softLimit() > 0 || limits.hardLimit() > 0) {
			throw new IllegalStateException("keepalive-lab.server.connections.soft-limit and hard-limit are Reactor "
					+ "Netty's: on Tomcat, limit connections with server.tomcat.max-connections and "
					+ "server.tomcat.accept-count");
		}
		return new TomcatServerPolicy();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> accountedTomcatProtocol() {
		return factory -> factory.setProtocol(AccountedHttp11NioProtocol.class.getName());
	}

	/**
	 * After Boot's own customizer, which puts an HTML error report valve on the host: that valve is replaced
	 * by one that writes problem bodies.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return new ProblemErrorReports();
	}

	private static final class ProblemErrorReports
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> {
				// The host puts in a valve of this class when it starts, even for requests no context took.
				StandardHost host = (StandardHost) context.getParent();
				Pipeline pipeline = host.getPipeline();
				Arrays.stream(pipeline.getValves())
					.filter(ErrorReportValve.class::isInstance)
					.forEach(pipeline::removeValve);
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}
	}

	@Bean
	TomcatConnectorCustomizer tomcatServerPolicyCustomizer(TomcatServerPolicy policy, ConnectionAccounting accounting) {
		return connector -> {
			if (connector.getProtocolHandler() instanceof AccountedHttp11NioProtocol accounted) {
				policy.observe(accounted, accounting);
			}
		};
	}

	@Bean
	FilterRegistrationBean<UnreadableAcceptServletFilter> unreadableAcceptServletFilter() {
		FilterRegistrationBean<UnreadableAcceptServletFilter> registration = new FilterRegistrationBean<>(
				new UnreadableAcceptServletFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	InboundAccountingServletFilter inboundAccountingServletFilter(ConnectionAccounting accounting,
			TomcatServerPolicy policy, WebEndpointProperties endpoints) {
		return new InboundAccountingServletFilter(accounting, policy, endpoints.getBasePath());
	}
}
