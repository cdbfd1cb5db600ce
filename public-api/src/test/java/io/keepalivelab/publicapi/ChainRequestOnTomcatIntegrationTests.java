package io.keepalivelab.publicapi;

import org.springframework.test.context.ActiveProfiles;

/** Every test of {@link ChainRequestIntegrationTests} with public-api on Spring MVC and Tomcat. */
@ActiveProfiles("tomcat")
class ChainRequestOnTomcatIntegrationTests extends ChainRequestIntegrationTests {
}
