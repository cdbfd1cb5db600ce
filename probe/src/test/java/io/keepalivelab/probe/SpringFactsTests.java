package io.keepalivelab.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SpringFactsTests {

	/** connection-kit's properties, read as source: the probe must not depend on it, only write what it binds. */
	private static final Path DOWNSTREAM_PROPERTIES = Path
		.of("../connection-kit/src/main/java/io/keepalivelab/connection/DownstreamProperties.java");

	@Test
	void aPoliteCloseIsAnIdleTimeoutDeclaredAtTheLowerBound() {
		assertThat(render(new IdleTimeout(4.755, 5.001, CloseKind.FIN, true, 12, true, false))).isEqualTo("""
				# measured by keepalive-lab probe on http://127.0.0.1:8082/
				# idle timeout closed between 4.755 s and 5.001 s idle, polite close (FIN seen); declared: the lower bound
				keepalive-lab.downstreams.backend-api.idle-timeout=4755ms
				""");
	}

	@Test
	void aSilentDropIsAnIdleDrop() {
		assertThat(render(new IdleTimeout(60, 60.25, CloseKind.SILENT, true, 12, true, false))).endsWith("""
				keepalive-lab.downstreams.backend-api.idle-drop=60s
				""");
	}

	@Test
	void noCloseWithinTheBoundsDeclaresNothing() {
		assertThat(render(new IdleTimeout(120, null, null, false, 8, true, null))).isEqualTo("""
				# measured by keepalive-lab probe on http://127.0.0.1:8082/
				# no idle close found (still open after 120 s idle): nothing to declare
				""");
	}

	@ParameterizedTest
	@CsvSource({ "backend-api.default.svc.cluster.local, backend-api", "localhost, localhost",
			"127.0.0.1, 127-0-0-1", "Example.ORG, example" })
	void theNameComesFromTheHost(String host, String name) {
		assertThat(SpringFacts.name(host)).isEqualTo(name).matches(SpringFacts.NAME);
	}

	/**
	 * keepalive-lab.downstreams is a map of records with Duration components idleTimeout and idleDrop, which Spring
	 * Boot binds from idle-timeout and idle-drop; skipped where the probe is built outside the project.
	 */
	@Test
	void theFactsAreTheOnesConnectionKitBinds() throws IOException {
		assumeTrue(Files.isRegularFile(DOWNSTREAM_PROPERTIES), "no connection-kit next to the probe");
		String source = Files.readString(DOWNSTREAM_PROPERTIES).replaceAll("\\s+", " ");

		assertThat(source).contains("@ConfigurationProperties(\"keepalive-lab\")")
			.contains("(Map<String, @Valid Downstream> downstreams)")
			.containsPattern("Duration idleTimeout[,)]")
			.containsPattern("Duration idleDrop[,)]");
		assertThat(SpringFacts.PREFIX).isEqualTo("keepalive-lab.downstreams.");
		for (CloseKind close : CloseKind.values()) {
			assertThat(SpringFacts.of("b", new IdleTimeout(4.5, 5.0, close, true, 8, true, false)).keySet())
				.singleElement()
				.satisfies((key) -> assertThat(List.of("keepalive-lab.downstreams.b.idle-timeout",
						"keepalive-lab.downstreams.b.idle-drop")).contains(key));
		}
	}

	@Test
	void valuesAreDurationsAsTheServicesWriteThem() {
		assertThat(SpringFacts.format(60_000)).isEqualTo("60s");
		assertThat(SpringFacts.format(4755)).isEqualTo("4755ms");
	}

	private static String render(IdleTimeout idle) {
		Map<String, String> facts = SpringFacts.of("backend-api", idle);
		ProbeReport report = new ProbeReport("http://127.0.0.1:8082/", "backend-api", 10, List.of(), null, List.of(),
				idle, null, null, null, null, null, null, facts);
		return SpringFacts.render(report);
	}

}
