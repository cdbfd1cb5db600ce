package io.keepalivelab.backend;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings stop the service at startup with a message naming them, instead of surprising later. */
class ConfigurationValidationTests {

	@Test
	void softLimitAboveTheHardLimitIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.server.connections.soft-limit=10",
				"--keepalive-lab.server.connections.hard-limit=5"))
			.rootCause()
			.hasMessageContaining("keepalive-lab.server.connections")
			.hasMessageContaining("soft-limit must not exceed hard-limit");
	}

	@Test
	void negativeLimitIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.server.connections.hard-limit=-1")).rootCause()
			.hasMessageContaining("keepalive-lab.server.connections")
			.hasMessageContaining("hardLimit")
			.hasMessageContaining("must be greater than or equal to 0");
	}

	private static void run(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		try (ConfigurableApplicationContext context = SpringApplication.run(BackendApiApplication.class, all)) {
			throw new AssertionError("started with " + String.join(" ", args));
		}
	}
}
