package io.keepalivelab.publicapi;

import org.springframework.test.context.ActiveProfiles;

/** Every test of {@link SilentDownstreamIntegrationTests} with public-api on Spring MVC and Tomcat. */
@ActiveProfiles("tomcat")
class SilentDownstreamOnTomcatIntegrationTests extends SilentDownstreamIntegrationTests {
}
