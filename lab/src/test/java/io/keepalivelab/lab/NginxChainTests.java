package io.keepalivelab.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.keepalivelab.testsupport.RequiredTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overhead benchmark's yardstick, a real Debian nginx as a three-hop proxy chain: it answers through three
 * hops, keeps its upstream connections with reuse and opens one per request without, and leaves no process behind.
 */
class NginxChainTests {

	private static final int REQUESTS = 20;

	@TempDir
	Path dir;

	@BeforeEach
	void nginxIsInstalled() {
		RequiredTool.require(NginxChain.installed(), "nginx is not installed at " + NginxChain.NGINX,
				"apt-get install -y nginx");
	}

	@Test
	void withReuseEveryHopCarriesAllRequestsOnOneConnection() {
		List<LoadDriver.Response> responses;
		List<ProcessHandle> processes;
		try (NginxChain nginx = NginxChain.start(this.dir, true)) {
			processes = processes(nginx);
			responses = LoadDriver.get(nginx.through(3), REQUESTS);
			LoadDriver.Latency latency = LoadDriver.latency(nginx.through(3), 10, 50);
			assertThat(latency.failures()).isZero();
			assertThat(latency.connections()).isZero();
		}

		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(NginxChain.BODY);
		});
		for (String hop : List.of("x-hop1-connection", "x-hop2-connection", "x-hop3-connection")) {
			assertThat(connections(responses, hop)).as(hop + ": one connection for every request").hasSize(1);
			// the upstream connections may have carried the request with which start() saw the chain answer
			assertThat(requestsOnConnection(responses.get(REQUESTS - 1), hop)
					- requestsOnConnection(responses.get(0), hop)).as(hop).isEqualTo(REQUESTS - 1);
		}
		assertThat(processes).as("nginx and its workers stopped").noneMatch(ProcessHandle::isAlive);
	}

	@Test
	void withoutReuseEveryProxiedRequestOpensANewUpstreamConnection() {
		List<LoadDriver.Response> responses;
		long accepted;
		List<ProcessHandle> processes;
		try (NginxChain nginx = NginxChain.start(this.dir, false)) {
			processes = processes(nginx);
			long before = nginx.accepted();
			responses = LoadDriver.get(nginx.through(3), REQUESTS);
			// minus the first stub_status connection: one client connection, two upstream ones per request
			accepted = nginx.accepted() - before - 1;
		}

		assertThat(connections(responses, "x-hop1-connection")).hasSize(1);
		assertThat(connections(responses, "x-hop2-connection")).hasSize(REQUESTS);
		assertThat(connections(responses, "x-hop3-connection")).hasSize(REQUESTS);
		assertThat(responses).allSatisfy((response) -> assertThat(requestsOnConnection(response, "x-hop3-connection"))
			.isEqualTo(1));
		assertThat(accepted).isEqualTo(1 + 2 * REQUESTS);
		assertThat(processes).as("nginx and its workers stopped").noneMatch(ProcessHandle::isAlive);
	}

	@Test
	void throughputThroughThreeHopsWithATinyLoad() {
		List<ProcessHandle> processes;
		LoadDriver.Throughput throughput;
		try (NginxChain nginx = NginxChain.start(this.dir, true)) {
			processes = processes(nginx);
			LoadDriver.warmUp(nginx.through(3), 4, 200);
			throughput = LoadDriver.throughput(nginx.through(3), 4, 0.5);
		}

		assertThat(throughput.requests()).isPositive();
		assertThat(throughput.failures()).isZero();
		assertThat(throughput.connections()).isZero();
		assertThat(processes).noneMatch(ProcessHandle::isAlive);
	}

	private static List<ProcessHandle> processes(NginxChain nginx) {
		List<ProcessHandle> processes = new java.util.ArrayList<>(nginx.process().descendants().toList());
		processes.add(nginx.process().toHandle());
		assertThat(processes).as("a master and at least one worker").hasSizeGreaterThanOrEqualTo(2);
		return processes;
	}

	/** The connection numbers a hop reported: its {@code $connection} per response. */
	private static Set<String> connections(List<LoadDriver.Response> responses, String hop) {
		return responses.stream().map((response) -> response.headers().get(hop).split(" ")[0]).collect(Collectors.toSet());
	}

	private static int requestsOnConnection(LoadDriver.Response response, String hop) {
		return Integer.parseInt(response.headers().get(hop).split(" ")[1]);
	}

}
