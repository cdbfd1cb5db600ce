package io.keepalivelab.backend;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Every test of {@link IdleTimeoutAndRequestLimitIntegrationTests} on Tomcat, with Tomcat's own settings:
 * the idle timeout is {@code keepAliveTimeout}, the request limit {@code maxKeepAliveRequests}.
 */
@ActiveProfiles("tomcat")
@TestPropertySource(properties = { "server.tomcat.keep-alive-timeout=1s", "server.tomcat.max-keep-alive-requests=3" })
class IdleTimeoutAndRequestLimitOnTomcatIntegrationTests extends IdleTimeoutAndRequestLimitIntegrationTests {

	@Override
	String idleTimeoutProperty() {
		return "server.tomcat.keep-alive-timeout";
	}

	@Override
	String requestLimitProperty() {
		return "server.tomcat.max-keep-alive-requests";
	}
}
