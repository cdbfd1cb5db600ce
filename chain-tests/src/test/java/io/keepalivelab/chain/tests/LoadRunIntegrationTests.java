package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.connection.ConnectionsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short real Gatling run against a started chain, then the comparison report on its results: the
 * path {@code ./demo.sh} takes, in a few seconds.
 */
class LoadRunIntegrationTests {

	@TempDir
	Path workDir;

	@Test
	void gatlingLoadsTheChainAndTheReportComparesTheRun() throws Exception {
		Path run = workDir.resolve("run");
		Path scenario = run.resolve("reuse");
		try (Chain chain = Chain.start(workDir, "reuse")) {
			Process gatling = new ProcessBuilder("bash", root().resolve("load-tests/run-simulation.sh").toString(),
					scenario.toString(), "-DbaseUrl=" + chain.publicApi.baseUrl(), "-Dusers=2",
					"-DwarmupSeconds=1", "-DdurationSeconds=3")
				.redirectErrorStream(true)
				.redirectOutput(workDir.resolve("gatling.log").toFile())
				.start();
			assertThat(gatling.waitFor(3, TimeUnit.MINUTES)).as("Gatling finished").isTrue();
			assertThat(gatling.exitValue()).as(Files.readString(workDir.resolve("gatling.log"))).isZero();

			JsonNode summary = JsonMapper.builder().build().readTree(scenario.resolve("summary.json").toFile());
			ConnectionsEndpoint.Report publicApi = chain.connections(chain.publicApi);
			assertThat(summary.get("failures").asLong()).isZero();
			assertThat(summary.get("requests").asLong()).isPositive()
				.isLessThanOrEqualTo(publicApi.inbound().requests());
			assertThat(publicApi.inbound().accepted()).as("each looping user keeps its connection").isEqualTo(2);
			writeConnections(chain, scenario.resolve("connections"));
		}

		Process report = new ProcessBuilder("bash", "-c",
				"java -cp \"$1/load-tests/target/classes:$(cat \"$1/load-tests/target/gatling-classpath.txt\")\" "
						+ "io.keepalivelab.load.ComparisonReport \"$2\" reuse",
				"report", root().toString(), run.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(report.getInputStream().readAllBytes());
		assertThat(report.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(report.exitValue()).as(output).isZero();
		assertThat(output).contains("| reuse |").contains("orchestration-api -> backend-api");
		assertThat(run.resolve("report.html")).isNotEmptyFile();
	}

	private static void writeConnections(Chain chain, Path dir) throws IOException {
		Files.createDirectories(dir);
		for (ServiceProcess service : List.of(chain.publicApi, chain.orchestration, chain.backend)) {
			Files.writeString(dir.resolve(service.name() + ".json"), chain.get(service, "/actuator/connections").body());
		}
	}

	private static Path root() {
		return Path.of(System.getProperty("keepalive-lab.root", ".."));
	}
}
