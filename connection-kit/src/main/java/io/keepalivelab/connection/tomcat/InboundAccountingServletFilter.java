package io.keepalivelab.connection.tomcat;

import java.io.IOException;

import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.tomcat.TomcatServerPolicy.TomcatConnection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the API's inbound requests and marks the Tomcat connections they arrive on, known by the id
 * Tomcat gives each connection, as having carried one; the accept and close come from the connector itself. Requests to the actuator are left
 * out of the counts, so reading the counters never changes them, but count toward Tomcat's request limit
 * like any other.
 */
class InboundAccountingServletFilter extends OncePerRequestFilter {

	private final ConnectionAccounting accounting;

	private final TomcatServerPolicy policy;

	private final String actuatorBasePath;

	InboundAccountingServletFilter(ConnectionAccounting accounting, TomcatServerPolicy policy,
			String actuatorBasePath) {
		this.accounting = accounting;
		this.policy = policy;
		this.actuatorBasePath = actuatorBasePath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ServletConnection servletConnection = request.getServletConnection();
		TomcatConnection connection = policy.connection(servletConnection.getConnectionId());
		if ("http/1.1".equals(servletConnection.getProtocol())) {
			connection.http11Request();
		}
		if (!ConnectionAccounting.isActuator(request.getRequestURI().substring(request.getContextPath().length()),
				actuatorBasePath)) {
			accounting.inboundRequest(connection.countOnce());
		}
		chain.doFilter(request, response);
	}
}
