package io.keepalivelab.chain.tests;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import io.keepalivelab.chain.ChainResult;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.connection.HopCall;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reuse profile on a real chain, on each server stack: connections are counted by the server that
 * accepted them, so a client that only believes it reuses connections cannot pass.
 */
class ChainIntegrationTests {

	private static final int REQUESTS = 20;

	private static final int CALLS = 2;

	private static final int POOL_SIZE = 4;

	@TempDir
	Path workDir;

	@ParameterizedTest
	@ValueSource(strings = { Stacks.NETTY, Stacks.TOMCAT })
	void reuseOpensAtMostThePoolSizePerHop(String stack) {
		try (Chain chain = Chain.start(workDir, Stacks.all(stack), "reuse",
				"--keepalive-lab.client.pool.max-connections=" + POOL_SIZE)) {
			List<ChainResult> results = sendSequentially(chain);

			assertThat(Connections.of(chain, chain.orchestration()).inbound().carriedRequests()).isBetween(1L, (long) POOL_SIZE);
			assertThat(Connections.of(chain, chain.backend()).inbound().carriedRequests()).isBetween(1L, (long) POOL_SIZE);
			assertThat(results).flatMap(ChainResult::trace)
				.filteredOn(call -> HopCall.REUSED.equals(call.connection()))
				.hasSizeGreaterThanOrEqualTo(REQUESTS * (1 + CALLS) - 2 * POOL_SIZE);
			assertClientAndServerAgree(chain);
		}
	}

	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource({ "no-reuse, netty", "client-per-request, netty", "'no-reuse,client-per-request', netty",
			"no-reuse, tomcat", "client-per-request, tomcat", "'no-reuse,client-per-request', tomcat" })
	void everyCallOpensItsOwnConnectionWithoutReuse(String profiles, String stack) {
		try (Chain chain = Chain.start(workDir, Stacks.all(stack), profiles)) {
			List<ChainResult> results = sendSequentially(chain);

			ConnectionAccounting.Inbound orchestration = Connections.of(chain, chain.orchestration()).inbound();
			ConnectionAccounting.Inbound backend = Connections.of(chain, chain.backend()).inbound();
			assertThat(orchestration.carriedRequests()).isEqualTo(REQUESTS);
			assertThat(orchestration.requests()).isEqualTo(REQUESTS);
			assertThat(backend.carriedRequests()).isEqualTo(REQUESTS * CALLS);
			assertThat(backend.requests()).isEqualTo(REQUESTS * CALLS);
			assertThat(results).flatMap(ChainResult::trace)
				.hasSize(REQUESTS * (1 + CALLS))
				.allSatisfy(call -> assertThat(call.connection()).isEqualTo(HopCall.NEW));
			assertThat(results).allSatisfy(result -> assertThat(result.newConnections()).isEqualTo(1 + CALLS));
			assertClientAndServerAgree(chain);
			ConnectionsEndpoint.Report report = Connections.of(chain, chain.publicApi());
			assertThat(report.mode().profiles()).containsExactly(Stacks.profiles(profiles, stack).split(","));
			assertThat(report.stack()).isEqualTo(stack);
			assertThat(Connections.of(chain, chain.publicApi())).as("reading the counters does not change them")
				.isEqualTo(report);
		}
	}

	/**
	 * Tomcat closes a connection after its 100th request (server.tomcat.max-keep-alive-requests), so even a
	 * perfectly pooled caller opens a connection per 100 requests into a Tomcat hop, and none into a Netty
	 * hop. Public-api on Tomcat and the rest on Netty: the published chain's hops are different servers.
	 */
	@Test
	void tomcatsRequestLimitForcesANewConnectionEveryHundredRequestsWhereNettyKeepsItsOwn() {
		int requests = 120;
		int calls = 5;
		try (Chain chain = Chain.start(workDir, new Stacks(Stacks.NETTY, Stacks.TOMCAT, Stacks.NETTY), "reuse",
				"--keepalive-lab.client.pool.max-connections=1")) {
			sendSequentially(chain, requests, calls);

			ConnectionsEndpoint.Report orchestration = Connections.of(chain, chain.orchestration());
			ConnectionsEndpoint.Report backend = Connections.of(chain, chain.backend());
			assertThat(orchestration.stack()).isEqualTo(Stacks.TOMCAT);
			assertThat(orchestration.inbound().policy().maxKeepAliveRequests()).isEqualTo(100);
			assertThat(orchestration.inbound().requests()).isEqualTo(requests);
			assertThat(orchestration.inbound().carriedRequests()).as("one connection, then one more after 100 requests")
				.isEqualTo(2);
			assertThat(orchestration.inbound().policy().closedAtRequestLimit()).isEqualTo(1);
			assertThat(backend.stack()).isEqualTo(Stacks.NETTY);
			assertThat(backend.inbound().requests()).isEqualTo(requests * calls);
			assertThat(backend.inbound().carriedRequests()).as("Netty has no request limit").isEqualTo(1);
			assertThat(backend.inbound().policy().closedAtRequestLimit()).isZero();
			assertClientAndServerAgree(chain);
		}
	}

	private static List<ChainResult> sendSequentially(Chain chain) {
		return sendSequentially(chain, REQUESTS, CALLS);
	}

	private static List<ChainResult> sendSequentially(Chain chain, int requests, int calls) {
		return IntStream.range(0, requests).mapToObj(i -> {
			HttpResponse<String> response = chain.get("/api/chain?calls=" + calls + "&workMs=0");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return Chain.read(response.body(), ChainResult.class);
		}).toList();
	}

	/** Each hop's client opened exactly the connections its server accepted. */
	private static void assertClientAndServerAgree(Chain chain) {
		ConnectionsEndpoint.Report publicApi = Connections.of(chain, chain.publicApi());
		ConnectionsEndpoint.Report orchestration = Connections.of(chain, chain.orchestration());
		ConnectionsEndpoint.Report backend = Connections.of(chain, chain.backend());
		assertThat(publicApi.outbound().get("orchestration-api").opened()).isEqualTo(orchestration.inbound().carriedRequests());
		assertThat(publicApi.outbound().get("orchestration-api").requests()).isEqualTo(orchestration.inbound().requests());
		assertThat(orchestration.outbound().get("backend-api").opened()).isEqualTo(backend.inbound().carriedRequests());
		assertThat(orchestration.outbound().get("backend-api").requests()).isEqualTo(backend.inbound().requests());
	}
}
