package io.keepalivelab.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The overhead benchmark's chain without Spring, three real Reactor Netty processes: it answers through three hops,
 * each hop keeps its downstream connections with reuse and opens one per request without, and nothing outlives it.
 */
class ReactorNettyChainTests {

	private static final int REQUESTS = 20;

	/** The local port each hop's call went out on: the front hop's first, then the middle one's. */
	private static final Pattern VIA = Pattern.compile("\"via\":(\\d+)");

	@TempDir
	Path dir;

	/**
	 * At most two connections per hop: a hop answers as its call's last byte arrives, and the next request may reach
	 * it before that call's connection is back in the pool, which then opens a second one and takes the two in turns.
	 */
	@Test
	void withReuseEachHopCarriesEveryRequestOnAConnectionItKeeps() {
		List<List<String>> vias = run(true);

		assertThat(hop(vias, 0)).as("front -> middle").hasSizeBetween(1, 2);
		assertThat(hop(vias, 1)).as("middle -> backend").hasSizeBetween(1, 2);
	}

	@Test
	void withoutReuseEachHopOpensAConnectionPerRequest() {
		List<List<String>> vias = run(false);

		assertThat(hop(vias, 0)).as("front -> middle").hasSize(REQUESTS);
		assertThat(hop(vias, 1)).as("middle -> backend").hasSize(REQUESTS);
	}

	@Test
	void aHopWithoutItsArgumentsNamesTheUsage() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReactorNettyHop.start(List.of("hop", "8080")))
			.withMessageStartingWith(ReactorNettyHop.USAGE);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReactorNettyHop.start(List.of("hop", "8080", "70000", "reuse")))
			.withMessageEndingWith("not a port: 70000");
	}

	/** {@value #REQUESTS} requests through three hops; each response's "via" ports, front hop first. */
	private List<List<String>> run(boolean reuse) {
		List<LoadDriver.Response> responses;
		List<Long> pids;
		try (ReactorNettyChain chain = ReactorNettyChain.start(this.dir, reuse, List.of("-Xmx64m"))) {
			pids = chain.pids();
			responses = LoadDriver.get(chain.through(3), REQUESTS);
		}
		assertThat(pids).as("the three hops stopped")
			.hasSize(3)
			.noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"service\":\"backend\"");
		});
		return responses.stream().map((response) -> {
			Matcher matcher = VIA.matcher(response.body());
			return matcher.results().map((result) -> result.group(1)).toList();
		}).toList();
	}

	private static Set<String> hop(List<List<String>> vias, int index) {
		return vias.stream().map((ports) -> ports.get(index)).collect(Collectors.toSet());
	}

}
