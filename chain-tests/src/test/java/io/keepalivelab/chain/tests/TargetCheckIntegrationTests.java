package io.keepalivelab.chain.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.LabCommand;
import io.keepalivelab.lab.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./demo.sh --target}: the reuse gate a user points at a service of their own, here at chains the tests
 * start. public-api exposes only {@code health} and {@code prometheus}, as a service that is not the lab's would:
 * the check reads its outbound connections from Reactor Netty's client metrics. orchestration-api keeps its
 * {@code /actuator/connections}, which the check prefers.
 */
class TargetCheckIntegrationTests {

	private static final List<String> PROMETHEUS_ONLY = List.of("--management.endpoints.web.exposure.include=health,prometheus");

	@TempDir
	Path workDir;

	@Test
	void theGatePassesServicesThatReuseTheirConnectionsWhicheverCountersTheyExpose() throws Exception {
		try (Chain chain = Chain.builder(this.workDir.resolve("chain"), "reuse").args(Service.PUBLIC_API, PROMETHEUS_ONLY)
			.start()) {
			assertThat(chain.get("/actuator/connections").statusCode()).as("public-api has no connections endpoint")
				.isEqualTo(404);

			Result prometheus = check(chain.publicApi().baseUrl() + "/api/chain?calls=1&workMs=0", "all<=0.05",
					this.workDir.resolve("public-api"));
			assertThat(prometheus.status()).as(prometheus.text()).isZero();
			assertThat(prometheus.out()).contains("from its /actuator/prometheus")
				.containsPattern("\\| 127\\.0\\.0\\.1:" + chain.orchestration().port() + " \\| \\d \\| [1-9]\\d+ \\| 0\\.0\\d\\d \\|")
				.contains("gate passed: target '" + chain.publicApi().baseUrl() + "/api/chain?calls=1&workMs=0', reuse all<=0.05");
			assertThat(Files.readString(this.workDir.resolve("public-api/gates.xml"))).contains("tests=\"1\" failures=\"0\"");

			Result connections = check(chain.orchestration().baseUrl() + "/orchestrate?calls=2&workMs=0",
					"backend-api<=0.05", this.workDir.resolve("orchestration-api"));
			assertThat(connections.status()).as(connections.text()).isZero();
			assertThat(connections.out()).contains("from its /actuator/connections")
				.contains("gate passed: target '" + chain.orchestration().baseUrl()
						+ "/orchestrate?calls=2&workMs=0', reuse backend-api<=0.05");
		}
	}

	@Test
	void theGateFailsAServiceThatOpensAConnectionPerCallNamingTheHop() throws Exception {
		try (Chain chain = Chain.builder(this.workDir.resolve("chain"), "no-reuse").args(Service.PUBLIC_API, PROMETHEUS_ONLY)
			.start()) {
			Result result = check(chain.publicApi().baseUrl() + "/api/chain?calls=1&workMs=0", "all<=0.05",
					this.workDir.resolve("public-api"));

			assertThat(result.status()).as(result.text()).isEqualTo(3);
			assertThat(result.out()).contains("from its /actuator/prometheus")
				.containsPattern("gate FAILED: target '.*', reuse all<=0\\.05: -> 127\\.0\\.0\\.1:"
						+ chain.orchestration().port() + " opened 1\\.000 connections per request \\((\\d+) for \\1 requests\\)");
			assertThat(Files.readString(this.workDir.resolve("public-api/gates.xml"))).contains("tests=\"1\" failures=\"1\"")
				.contains("<failure message=\"-&gt; 127.0.0.1:" + chain.orchestration().port() + " opened 1.000");
		}
	}

	private static Result check(String url, String gate, Path out) {
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		int status = LabCommand.run(new String[] { "--target", url, "--assert-reuse", gate, "--users", "2", "--warmup", "1",
				"--duration", "3", "--out", out.toString() }, new PrintStream(stdout, true, StandardCharsets.UTF_8),
				new PrintStream(stderr, true, StandardCharsets.UTF_8));
		return new Result(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
	}

	private record Result(int status, String out, String err) {

		String text() {
			return this.out + this.err;
		}

	}

}
