package io.keepalivelab.probe;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.Http2Idle;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client's settings from one report: the idle timeout closed between 4.5 s and 5 s (maxIdleTime 3.5 s), the
 * age between 2.75 s and 3 s (maxLifeTime 1.75 s), with the real API and property names of each client.
 */
class ClientSettingsTests {

	private static final IdleTimeout IDLE = new IdleTimeout(4.5, 5.0, CloseKind.FIN, true, 8, true, false);

	private static final RequestLimit ANNOUNCED_100 = new RequestLimit(100, true, true, 1000, 0.2);

	private static final ConnectionAge AGE = new ConnectionAge(2.75, 3.0, true, null, 12, 0.25, 8, null);

	@Test
	void everyClientGetsTheSameDurationsInItsOwnWords() {
		List<ClientSettings> clients = Recommendation.of("backend", true, IDLE, ANNOUNCED_100, AGE, null, null).clients();

		assertThat(clients).extracting(ClientSettings::client).containsExactly("Reactor Netty", "Apache HttpClient 5",
				"OkHttp", "JDK HttpClient", "Spring Cloud Gateway");
		assertThat(clients.get(0).code()).isEqualTo("""
				ConnectionProvider.builder("backend")
				    .maxIdleTime(Duration.ofMillis(3500))
				    .evictInBackground(Duration.ofMillis(3500))
				    .maxLifeTime(Duration.ofMillis(1750))
				    .build();
				""");
		assertThat(clients.get(1).code()).isEqualTo("""
				PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
				    .setDefaultConnectionConfig(ConnectionConfig.custom()
				        .setTimeToLive(TimeValue.ofMilliseconds(1750))
				        .setValidateAfterInactivity(TimeValue.ofMilliseconds(1000))
				        .build())
				    .build();
				CloseableHttpClient client = HttpClients.custom()
				    .setConnectionManager(pool)
				    .setDefaultRequestConfig(RequestConfig.custom().setConnectionKeepAlive(TimeValue.ofMilliseconds(3500)).build())
				    .evictIdleConnections(TimeValue.ofMilliseconds(3500))
				    .build();
				""");
		assertThat(clients.get(2).code()).isEqualTo("""
				OkHttpClient client = new OkHttpClient.Builder()
				    .connectionPool(new ConnectionPool(5, 3500, TimeUnit.MILLISECONDS))
				    .build();
				""");
		assertThat(clients.get(3).code()).isEqualTo("-Djdk.httpclient.keepalive.timeout=3\n");
		assertThat(clients.get(4).code()).isEqualTo("""
				spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=3500ms
				spring.cloud.gateway.server.webflux.httpclient.pool.max-life-time=1750ms
				spring.cloud.gateway.server.webflux.httpclient.pool.eviction-interval=3500ms
				""");
		assertThat(clients).filteredOn((client) -> client.notes().stream()
			.anyMatch((note) -> note.contains("has no setting for a connection's maximum age")))
			.extracting(ClientSettings::client)
			.containsExactly("OkHttp", "JDK HttpClient");
	}

	@Test
	void aShorterHttp2IdleTimeoutGivesTheJdkItsOwnProperty() {
		Http2Idle goaway = new Http2Idle("h2", 2.75, 3.0, 1, "NO_ERROR", 3.001, CloseKind.FIN);

		Recommendation recommendation = Recommendation.of("b", true, IDLE, ANNOUNCED_100, null, null, goaway);

		assertThat(recommendation.clients().get(3).code())
			.isEqualTo("-Djdk.httpclient.keepalive.timeout=3\n-Djdk.httpclient.keepalive.timeout.h2=1\n");
		assertThat(recommendation.reasons()).contains("Over h2 the server ended an idle connection between 2.75 s and "
				+ "3 s idle: GOAWAY (last stream 1, NO_ERROR) then polite close (FIN seen). Keep idle HTTP/2 "
				+ "connections less than 1.75 s, below the HTTP/1.1 idle time. The GOAWAY says every stream up to the "
				+ "probe's was processed, so a client that reads it opens a new connection without losing a request.");
	}

	@Test
	void aSilentDropGetsNoValidationAndNoAgeNoTimeToLive() {
		IdleTimeout silent = new IdleTimeout(4.5, 5.0, CloseKind.SILENT, true, 8, true, false);

		ClientSettings apache = Recommendation.of("b", true, silent, ANNOUNCED_100, null, null, null).clients().get(1);

		assertThat(apache.code()).doesNotContain("setValidateAfterInactivity").doesNotContain("setTimeToLive");
	}

	@Test
	void aSubSecondIdleTimeIsLeftOutOfTheJdksWholeSeconds() {
		IdleTimeout short1 = new IdleTimeout(0.8, 1.0, CloseKind.FIN, true, 8, true, false);

		ClientSettings jdk = Recommendation.of("b", true, short1, ANNOUNCED_100, null, null, null).clients().get(3);

		assertThat(jdk.code()).isEmpty();
		assertThat(jdk.notes().get(0))
			.isEqualTo("jdk.httpclient.keepalive.timeout is left out: 0.4 s is less than its unit, a second.");
	}

	@Test
	void anUnannouncedRequestLimitWithoutAnAgeLeavesReactorNettyAPlaceholder() {
		RequestLimit unannounced = new RequestLimit(100, true, false, 1000, 0.2);

		assertThat(Recommendation.of("b", true, IDLE, unannounced, null, null, null).code())
			.contains("    .maxLifeTime(...) // below 100 requests / your requests per second per connection\n");
	}

}
