package io.keepalivelab.chain.tests;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import io.keepalivelab.chain.ChainResult;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.connection.HopCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reuse profile on a real chain: connections are counted by the server that accepted them, so a
 * client that only believes it reuses connections cannot pass.
 */
class ChainIntegrationTests {

	private static final int REQUESTS = 20;

	private static final int CALLS = 2;

	private static final int POOL_SIZE = 4;

	@TempDir
	Path workDir;

	@Test
	void reuseOpensAtMostThePoolSizePerHop() {
		try (Chain chain = Chain.start(workDir, "reuse", "--keepalive-lab.client.pool.max-connections=" + POOL_SIZE)) {
			List<ChainResult> results = sendSequentially(chain);

			assertThat(chain.connections(chain.orchestration).inbound().accepted()).isBetween(1L, (long) POOL_SIZE);
			assertThat(chain.connections(chain.backend).inbound().accepted()).isBetween(1L, (long) POOL_SIZE);
			assertThat(results).flatMap(ChainResult::trace)
				.filteredOn(call -> HopCall.REUSED.equals(call.connection()))
				.hasSizeGreaterThanOrEqualTo(REQUESTS * (1 + CALLS) - 2 * POOL_SIZE);
			assertClientAndServerAgree(chain);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "no-reuse", "client-per-request", "no-reuse,client-per-request" })
	void everyCallOpensItsOwnConnectionWithoutReuse(String profiles) {
		try (Chain chain = Chain.start(workDir, profiles)) {
			List<ChainResult> results = sendSequentially(chain);

			ConnectionAccounting.Inbound orchestration = chain.connections(chain.orchestration).inbound();
			ConnectionAccounting.Inbound backend = chain.connections(chain.backend).inbound();
			assertThat(orchestration.accepted()).isEqualTo(REQUESTS);
			assertThat(orchestration.requests()).isEqualTo(REQUESTS);
			assertThat(backend.accepted()).isEqualTo(REQUESTS * CALLS);
			assertThat(backend.requests()).isEqualTo(REQUESTS * CALLS);
			assertThat(results).flatMap(ChainResult::trace)
				.hasSize(REQUESTS * (1 + CALLS))
				.allSatisfy(call -> assertThat(call.connection()).isEqualTo(HopCall.NEW));
			assertThat(results).allSatisfy(result -> assertThat(result.newConnections()).isEqualTo(1 + CALLS));
			assertClientAndServerAgree(chain);
			ConnectionsEndpoint.Report report = chain.connections(chain.publicApi);
			assertThat(report.mode().profiles()).containsExactly(profiles.split(","));
			assertThat(chain.connections(chain.publicApi)).as("reading the counters does not change them")
				.isEqualTo(report);
		}
	}

	private static List<ChainResult> sendSequentially(Chain chain) {
		return IntStream.range(0, REQUESTS).mapToObj(i -> {
			HttpResponse<String> response = chain.get("/api/chain?calls=" + CALLS + "&workMs=0");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return Chain.read(response.body(), ChainResult.class);
		}).toList();
	}

	/** Each hop's client opened exactly the connections its server accepted. */
	private static void assertClientAndServerAgree(Chain chain) {
		ConnectionsEndpoint.Report publicApi = chain.connections(chain.publicApi);
		ConnectionsEndpoint.Report orchestration = chain.connections(chain.orchestration);
		ConnectionsEndpoint.Report backend = chain.connections(chain.backend);
		assertThat(publicApi.outbound().get("orchestration-api").opened()).isEqualTo(orchestration.inbound().accepted());
		assertThat(publicApi.outbound().get("orchestration-api").requests()).isEqualTo(orchestration.inbound().requests());
		assertThat(orchestration.outbound().get("backend-api").opened()).isEqualTo(backend.inbound().accepted());
		assertThat(orchestration.outbound().get("backend-api").requests()).isEqualTo(backend.inbound().requests());
	}
}
