package io.keepalivelab.backend;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link InboundConnectionCountsIntegrationTests} on Tomcat, which has no hard limit: it stops
 * accepting at {@code max-connections} and the kernel queues the rest, so it refuses nothing.
 */
@ActiveProfiles("tomcat")
@TestPropertySource(properties = "keepalive-lab.server.connections.hard-limit=0")
class InboundConnectionCountsOnTomcatIntegrationTests extends InboundConnectionCountsIntegrationTests {

	@Override
	void assertRefused(long refused) {
		assertThat(refused).isZero();
	}
}
