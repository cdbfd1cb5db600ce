package io.keepalivelab.backend;

import org.springframework.test.context.ActiveProfiles;

/** Every test of {@link WorkIntegrationTests} with backend-api on Spring MVC and Tomcat. */
@ActiveProfiles("tomcat")
class WorkOnTomcatIntegrationTests extends WorkIntegrationTests {
}
