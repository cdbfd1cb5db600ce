package io.keepalivelab.chain.tests;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import io.keepalivelab.chain.ChainResult;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.HopCall;
import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;
import io.keepalivelab.lab.Stacks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transport profile on a real chain, on each server stack. The protocol and TLS version are read from
 * each outbound connection (the request's HTTP version, the SslHandler's session), not from configuration;
 * the connections from the server that accepted them.
 */
class TransportIntegrationTests {

	private static final int REQUESTS = 10;

	@TempDir
	Path workDir;

	@ParameterizedTest(name = "{0} on {3}")
	@CsvSource(nullValues = "none", value = { "tls12, HTTP/1.1, TLSv1.2, netty", "tls13, HTTP/1.1, TLSv1.3, netty",
			"h2, HTTP/2.0, TLSv1.3, netty", "h2c, HTTP/2.0, none, netty", "tls12, HTTP/1.1, TLSv1.2, tomcat",
			"tls13, HTTP/1.1, TLSv1.3, tomcat", "h2, HTTP/2.0, TLSv1.3, tomcat", "h2c, HTTP/2.0, none, tomcat" })
	void everyHopSpeaksTheProfilesTransportAndReusesItsConnections(String transport, String protocol, String tls,
			String stack) {
		try (Chain chain = Chain.start(workDir, Stacks.all(stack), "reuse," + transport)) {
			List<HopCall> calls = send(chain);

			assertThat(calls).allSatisfy(call -> {
				assertThat(call.protocol()).isEqualTo(protocol);
				assertThat(call.tls()).isEqualTo(tls);
			});
			assertThat(Connections.of(chain, chain.backend()).inbound().carriedRequests()).isBetween(1L, 2L);
			assertThat(Connections.of(chain, chain.orchestration()).inbound().carriedRequests()).isBetween(1L, 2L);
		}
	}

	/** HTTP/2 multiplexes every request on one connection unless the client closes it after each. */
	@ParameterizedTest(name = "{0} on {1}")
	@CsvSource({ "h2, netty", "h2c, netty", "h2, tomcat", "h2c, tomcat" })
	void noReuseOpensOneConnectionPerCallOverHttp2Too(String transport, String stack) {
		try (Chain chain = Chain.start(workDir, Stacks.all(stack), "no-reuse," + transport)) {
			List<HopCall> calls = send(chain);

			assertThat(calls).allSatisfy(call -> {
				assertThat(call.protocol()).isEqualTo("HTTP/2.0");
				assertThat(call.connection()).isEqualTo(HopCall.NEW);
			});
			assertThat(Connections.of(chain, chain.orchestration()).inbound().carriedRequests()).isEqualTo(REQUESTS);
			assertThat(Connections.of(chain, chain.backend()).inbound().carriedRequests()).isEqualTo(2L * REQUESTS);
		}
	}

	/**
	 * A shared client resumes its TLS 1.2 session on every new connection after the first (one round trip
	 * instead of two); with resumption off, every connection pays the full handshake.
	 */
	@ParameterizedTest(name = "resumption {0} on {2}")
	@CsvSource({ "true, 1, netty", "false, 0, netty", "true, 1, tomcat", "false, 0, tomcat" })
	void tls12SessionResumptionIsASwitch(boolean resumption, int resumedPerConnectionAfterTheFirst, String stack) {
		try (Chain chain = Chain.start(workDir, Stacks.all(stack), "no-reuse,tls12",
				"--keepalive-lab.client.tls.session-resumption=" + resumption)) {
			List<HopCall> calls = send(chain);

			assertThat(calls).allSatisfy(call -> assertThat(call.tlsResumed()).isNotNull());
			for (ServiceProcess caller : List.of(chain.publicApi(), chain.orchestration())) {
				ConnectionAccounting.Outbound outbound = Connections.of(chain, caller).outbound().values().iterator().next();
				assertThat(outbound.tlsResumed()).as(caller.name())
					.isEqualTo((outbound.opened() - 1) * resumedPerConnectionAfterTheFirst);
			}
		}
	}

	private static List<HopCall> send(Chain chain) {
		return IntStream.range(0, REQUESTS).mapToObj(i -> {
			var response = chain.get("/api/chain?calls=2&workMs=0");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return Chain.read(response.body(), ChainResult.class);
		}).flatMap(result -> result.trace().stream()).toList();
	}
}
