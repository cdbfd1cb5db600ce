package io.keepalivelab.orchestration;

import java.nio.file.Path;

import io.keepalivelab.testsupport.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings stop the service at startup with a message naming them, instead of surprising later. */
class ConfigurationValidationTests {

	@Test
	void poolWithoutConnectionsIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.client.pool.max-connections=0")).rootCause()
			.hasMessageContaining("keepalive-lab.client")
			.hasMessageContaining("pool.maxConnections");
	}

	@Test
	void unboundedQueueOfWaitingCallsIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.client.pool.pending-acquire-max-count=-1")).rootCause()
			.hasMessageContaining("keepalive-lab.client")
			.hasMessageContaining("pool.pendingAcquireMaxCount");
	}

	@Test
	void downstreamThatIsNotAnHttpUrlIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.downstreams.backend-api.base-url=ftp://localhost:8082"))
			.rootCause()
			.hasMessageContaining("downstreams[backend-api].httpUrl")
			.hasMessageContaining("must be an absolute http:// or https:// URL");
	}

	@Test
	void contradictoryReuseProfilesAreRejected() {
		assertThatThrownBy(() -> run("--spring.profiles.active=reuse,no-reuse")).rootCause()
			.hasMessage("Profile 'reuse' cannot be combined with 'no-reuse': activate one reuse mode");
	}

	@Test
	void twoTransportsAreRejected(@TempDir Path tls) {
		Certificates.make(tls);
		assertThatThrownBy(() -> run("--spring.profiles.active=tls12,tls13", "--keepalive-lab.tls.dir=" + tls))
			.rootCause()
			.hasMessageContaining("cannot be combined: activate one transport");
	}

	@Test
	void h2WithoutTlsIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.client.protocol=h2")).rootCause()
			.hasMessageContaining("h2 needs TLS");
	}

	@Test
	void twoServerStacksAreRejected() {
		assertThatThrownBy(() -> run("--spring.profiles.active=netty,tomcat")).rootCause()
			.hasMessageContaining("Profiles 'netty' and 'tomcat' cannot be combined");
	}

	@Test
	void nettysConnectionLimitsOnTomcatAreRejectedNamingTomcatsOwn() {
		assertThatThrownBy(() -> run("--spring.profiles.active=tomcat", "--keepalive-lab.server.connections.soft-limit=5"))
			.rootCause()
			.hasMessageContaining("keepalive-lab.server.connections.soft-limit and hard-limit are Reactor Netty's")
			.hasMessageContaining("server.tomcat.max-connections");
	}

	@Test
	void clearTextUrlForATlsClientIsRejected() {
		assertThatThrownBy(() -> run("--keepalive-lab.client.tls.bundle=lab",
				"--keepalive-lab.client.tls.protocols=TLSv1.3",
				"--spring.ssl.bundle.jks.lab.truststore.location=file:/nonexistent/trust.p12"))
			.rootCause()
			.hasMessageContaining("keepalive-lab.downstreams.backend-api.base-url is http://localhost:8082")
			.hasMessageContaining("use https://");
	}

	private static void run(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		try (ConfigurableApplicationContext context = SpringApplication.run(OrchestrationApiApplication.class, all)) {
			throw new AssertionError("started with " + String.join(" ", args));
		}
	}
}
