package io.keepalivelab.connection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's meters under the names dashboards, the docs and the tests read: a renamed or dropped meter
 * fails here, and each counter says what {@code /actuator/connections} says.
 */
class ServerMetricsTests {

	/** Written out, not derived from the code: a rename must show up as a difference. */
	private static final Set<String> NAMES = Set.of("keepalive_lab_server_connections_accepted_total",
			"keepalive_lab_server_connections_refused_total", "keepalive_lab_server_connections_tls_failed_total",
			"keepalive_lab_server_connections_unused_total", "keepalive_lab_server_connections_carried_requests_total",
			"keepalive_lab_server_connections_open", "keepalive_lab_server_connections_idle",
			"keepalive_lab_server_connections_evicted_total", "keepalive_lab_server_connections_closed_idle_total",
			"keepalive_lab_server_connections_closed_at_request_limit_total");

	private static final Pattern SAMPLE = Pattern.compile("(?m)^(keepalive_lab_server_connections_\\w+)\\{stack=\"test\"} (\\S+)$");

	@Test
	void everyFigureIsPublishedUnderItsNameWithTheEndpointsValue() {
		ServerStack stack = new ServerStack() {

			@Override
			public String name() {
				return "test";
			}

			@Override
			public InboundPolicy policy() {
				return new InboundPolicy(null, null, Map.of(), 1, 0, 0, 2, 0, 0);
			}
		};
		ConnectionAccounting accounting = new ConnectionAccounting(stack);
		for (int i = 0; i < 7; i++) {
			accounting.inboundAccepted();
		}
		accounting.inboundTlsFailed();
		accounting.inboundUnused();
		accounting.inboundRequest(true);
		accounting.inboundRequest(false);
		accounting.inboundRequest(true);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

		new ServerMetrics(stack, accounting).bindTo(registry);

		Map<String, Double> samples = new HashMap<>();
		Matcher sample = SAMPLE.matcher(registry.scrape());
		while (sample.find()) {
			samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
		}
		assertThat(new TreeSet<>(samples.keySet())).isEqualTo(new TreeSet<>(NAMES));
		ConnectionAccounting.Inbound inbound = accounting.inboundSnapshot();
		assertThat(List.of(inbound.accepted(), inbound.refused(), inbound.tlsFailed(), inbound.unused(),
				inbound.carriedRequests())).containsExactly(7L, 2L, 1L, 1L, 2L);
		assertThat(samples).containsEntry("keepalive_lab_server_connections_accepted_total", 7.0)
			.containsEntry("keepalive_lab_server_connections_refused_total", 2.0)
			.containsEntry("keepalive_lab_server_connections_tls_failed_total", 1.0)
			.containsEntry("keepalive_lab_server_connections_unused_total", 1.0)
			.containsEntry("keepalive_lab_server_connections_carried_requests_total", 2.0);
	}
}
