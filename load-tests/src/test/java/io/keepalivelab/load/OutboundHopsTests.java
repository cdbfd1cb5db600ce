package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OutboundHopsTests {

	/** A Spring Boot service with Reactor Netty's client metrics, as its /actuator/prometheus writes them. */
	private static String prometheus(long connects, long failedConnects, long responses) {
		return """
				# HELP reactor_netty_http_client_connect_time_seconds Time spent for connecting to the remote address
				# TYPE reactor_netty_http_client_connect_time_seconds summary
				reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="backend:8080",status="SUCCESS"} %d
				reactor_netty_http_client_connect_time_seconds_sum{proxy_address="na",remote_address="backend:8080",status="SUCCESS"} 0.5
				reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="backend:8080",status="ERROR"} %d
				reactor_netty_http_client_response_time_seconds_count{method="GET",proxy_address="na",remote_address="backend:8080",status="200",uri="/a"} %d
				reactor_netty_http_client_response_time_seconds_count{method="GET",proxy_address="na",remote_address="backend:8080",status="503",uri="/a"} 1
				reactor_netty_http_client_response_time_seconds_count{method="GET",proxy_address="na",remote_address="cache:6380",status="200",uri="/b"} %d
				""".formatted(connects, failedConnects, responses, responses);
	}

	@Test
	void prometheusCountsSuccessfulConnectsAndEveryAnswerPerRemoteAddress() {
		OutboundHops before = OutboundHops.parse(prometheus(4, 2, 99));
		OutboundHops after = OutboundHops.parse(prometheus(14, 9, 1999));

		OutboundHops during = after.since(before);

		assertThat(during.source()).isEqualTo("/actuator/prometheus");
		assertThat(during.byDownstream()).as("a hop whose pool never connected has no connect series: it opened 0")
			.isEqualTo(Map.of("backend:8080", new OutboundHops.Counts(10, 1900), "cache:6380",
					new OutboundHops.Counts(0, 1900)));
	}

	@Test
	void aServiceThatHasNotConnectedYetCountsFromZero() {
		OutboundHops during = OutboundHops.parse(prometheus(3, 0, 30)).since(OutboundHops.parseBefore("jvm_threads_live_threads 22.0\n"));

		assertThat(during.byDownstream().get("backend:8080")).isEqualTo(new OutboundHops.Counts(3, 31));
	}

	@Test
	void aKeepaliveLabServiceIsReadFromItsConnectionsEndpoint() {
		OutboundHops hops = OutboundHops.parse("""
				{"service":"public-api","inbound":{"carriedRequests":4},
				 "outbound":{"orchestration-api":{"opened":20,"active":20,"requests":8271,"tlsResumed":0,"retries":0}}}
				""");

		assertThat(hops.source()).isEqualTo("/actuator/connections");
		assertThat(hops.byDownstream()).isEqualTo(Map.of("orchestration-api", new OutboundHops.Counts(20, 8271)));
	}

	@Test
	void aServiceWithoutReactorNettysClientMetricsIsAnErrorSayingHowToTurnThemOn() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OutboundHops.parse("jvm_threads_live_threads 22.0\n"))
			.withMessageContaining("metric reactor_netty_http_client_connect_time_seconds_count is missing")
			.withMessageContaining("HttpClient.metrics(true, uriTagValue)");
		assertThatIllegalArgumentException().isThrownBy(() -> OutboundHops.parse("{\"status\":\"UP\"}"))
			.withMessage("the connections endpoint's answer has no \"outbound\" object");
	}

	@Test
	void aDownstreamGateNamesTheHopThatOpenedTooManyAndPassesTheOneThatReused() {
		OutboundHops hops = OutboundHops.parse(prometheus(1000, 0, 1000)).since(OutboundHops.parse(prometheus(0, 0, 0)));

		assertThat(Gates.downstreamReuse("cache:6380<=0.01").failure(hops)).isEmpty();
		assertThat(Gates.downstreamReuse("backend:8080 <= 0.01").failure(hops)).contains("-> backend:8080 opened 1.000 "
				+ "connections per request (1000 for 1000 requests), more than the 0.01 allowed");
		assertThat(Gates.downstreamReuse("all<=0.01").failure(hops)).hasValueSatisfying(
				(failure) -> assertThat(failure).startsWith("-> backend:8080 opened").doesNotContain("cache"));
		assertThat(Gates.downstreamReuse("orders:80<=0.01").failure(hops))
			.contains("no outbound hop to 'orders:80' (the service's hops: backend:8080, cache:6380)");
		assertThat(Gates.downstreamReuse("all<=0.01").failure(new OutboundHops("/actuator/prometheus", Map.of())))
			.contains("the service's counters show no outbound hop");
		OutboundHops idle = OutboundHops.parse(prometheus(5, 0, 50)).since(OutboundHops.parse(prometheus(5, 0, 50)));
		assertThat(Gates.downstreamReuse("all<=0.01").failure(idle))
			.contains("no outbound hop carried a request during the check (the service's hops: backend:8080, cache:6380)");
		assertThat(Gates.downstreamReuse("backend:8080<=0.01").failure(idle)).contains("-> backend:8080 carried no request");
	}

}
