package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.Gatling;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.load.LatencyLog;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short real Gatling run against a started chain, then the comparison report on its results: the
 * path {@code ./demo.sh} takes, through the same lab API, in a few seconds.
 */
class LoadRunIntegrationTests {

	@TempDir
	Path workDir;

	@Test
	void gatlingLoadsTheChainAndTheReportComparesTheRun() throws Exception {
		Path run = workDir.resolve("run");
		Path scenario = run.resolve("reuse");
		try (Chain chain = Chain.start(workDir, "reuse")) {
			Process gatling = Gatling.start(scenario, workDir.resolve("gatling.log"),
					List.of("-DbaseUrl=" + chain.publicApi().baseUrl(), "-Dusers=2", "-DwarmupSeconds=1",
							"-DdurationSeconds=3"));
			assertThat(gatling.waitFor(3, TimeUnit.MINUTES)).as("Gatling finished").isTrue();
			assertThat(gatling.exitValue()).as(Files.readString(workDir.resolve("gatling.log"))).isZero();

			JsonNode summary = JsonMapper.builder().build().readTree(scenario.resolve("summary.json").toFile());
			ConnectionsEndpoint.Report publicApi = Connections.of(chain, chain.publicApi());
			assertThat(summary.get("failures").asLong()).isZero();
			assertThat(summary.get("requests").asLong()).isPositive()
				.isLessThanOrEqualTo(publicApi.inbound().requests());
			assertThat(publicApi.inbound().carriedRequests()).as("each looping user keeps its connection").isEqualTo(2);
			// Every measured answer said how many connections its internal hops opened: the groups hold them all.
			SortedMap<Integer, Histogram> byNewConnections = LatencyLog
				.readByNewConnections(scenario.resolve(LatencyLog.BY_NEW_CONNECTIONS_FILE_NAME));
			assertThat(byNewConnections.values().stream().mapToLong(Histogram::getTotalCount).sum())
				.isEqualTo(summary.get("requests").asLong());
			assertThat(byNewConnections).as("warmed-up pools reuse").containsKey(0);
			writeConnections(chain, scenario.resolve("connections"));
		}

		Path output = workDir.resolve("report.txt");
		int status = Gatling.report(run, List.of("reuse"), ProcessBuilder.Redirect.to(output.toFile()));
		assertThat(status).as(Files.readString(output)).isZero();
		assertThat(Files.readString(output)).contains("| reuse |").contains("orchestration-api -> backend-api");
		assertThat(run.resolve("report.html")).isNotEmptyFile();
	}

	private static void writeConnections(Chain chain, Path dir) throws IOException {
		Files.createDirectories(dir);
		for (ServiceProcess service : List.of(chain.publicApi(), chain.orchestration(), chain.backend())) {
			Files.writeString(dir.resolve(service.name() + ".json"), chain.get(service, "/actuator/connections").body());
		}
	}
}
