package io.keepalivelab.orchestration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool that keeps connections idle for longer than backend-api's server does is a warning at startup. */
@ExtendWith(OutputCaptureExtension.class)
class IdleTimeoutWarningTests {

	@Test
	void maxIdleTimeAboveTheBackendsIdleTimeoutIsOneWarningNamingBoth(CapturedOutput output) {
		try (ConfigurableApplicationContext context = SpringApplication.run(OrchestrationApiApplication.class,
				"--server.port=0", "--keepalive-lab.client.pool.max-idle-time=90s")) {
			assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ")))
				.singleElement()
				.asString()
				.contains("backend-api: keepalive-lab.client.pool.max-idle-time 90s is not below the downstream's idle "
						+ "timeout (keepalive-lab.downstreams.backend-api.idle-timeout 60s)")
				.endsWith("Set max-idle-time below 60s.");
		}
	}
}
