package io.keepalivelab.orchestration;

import org.springframework.test.context.ActiveProfiles;

/** Every test of {@link OrchestrateIntegrationTests} with orchestration-api on Spring MVC and Tomcat. */
@ActiveProfiles("tomcat")
class OrchestrateOnTomcatIntegrationTests extends OrchestrateIntegrationTests {
}
