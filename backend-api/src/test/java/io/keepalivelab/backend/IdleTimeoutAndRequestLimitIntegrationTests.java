package io.keepalivelab.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.keepalivelab.connection.ConnectionAccounting;
import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.connection.InboundPolicy;
import io.keepalivelab.testsupport.RawHttp;
import io.keepalivelab.testsupport.RawHttp.Closure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server's idle timeout and request limit close connections politely, and are counted. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.netty.idle-timeout=1s", "server.netty.max-keep-alive-requests=3" })
class IdleTimeoutAndRequestLimitIntegrationTests {

	@Autowired
	ConnectionsEndpoint connections;

	@LocalServerPort
	int port;

	@Test
	void anIdleConnectionIsClosedWithAFinAfterItsResponse() throws IOException {
		long closedIdle = figures().closedIdle();
		try (RawHttp connection = RawHttp.open(port)) {
			assertThat(connection.get("/work?workMs=0").status()).isEqualTo(200);

			assertThat(connection.closure()).isEqualTo(Closure.CLOSED);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().closedIdle() == closedIdle + 1);
	}

	@Test
	void theLastAllowedResponseSaysConnectionCloseThenTheServerCloses() throws IOException {
		long closedAtRequestLimit = figures().closedAtRequestLimit();
		try (RawHttp connection = RawHttp.open(port)) {
			assertThat(connection.get("/work?workMs=0").headers()).doesNotContainKey("connection");
			assertThat(connection.get("/work?workMs=0").headers()).doesNotContainKey("connection");

			RawHttp.Response last = connection.get("/work?workMs=0");

			assertThat(last.status()).isEqualTo(200);
			assertThat(last.headers()).containsEntry("connection", "close");
			assertThat(connection.closure()).isEqualTo(Closure.CLOSED);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> figures().closedAtRequestLimit() == closedAtRequestLimit + 1);
	}

	@Test
	void openCountsTheConnectionsTheServerHoldsAndNoneOnceTheyClose() throws IOException {
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 0);
		try (RawHttp first = RawHttp.open(port); RawHttp second = RawHttp.open(port);
				RawHttp third = RawHttp.open(port)) {
			for (RawHttp connection : List.of(first, second, third)) {
				assertThat(connection.get("/work?workMs=0").status()).isEqualTo(200);
			}

			assertThat(figures().open()).isEqualTo(3);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 0);
	}

	@Test
	void connectionsEndpointShowsTheIdleTimeoutAndTheRequestLimitUnderTheStacksOwnProperties() throws IOException {
		String json;
		try (RawHttp reader = RawHttp.open(port)) {
			json = reader.get("/actuator/connections", "Connection: close").body();
		}

		DocumentContext policy = JsonPath.parse(json);
		assertThat(policy.read("$.inbound.policy.idleTimeout", String.class)).isEqualTo("PT1S");
		assertThat(policy.read("$.inbound.policy.maxKeepAliveRequests", Integer.class)).isEqualTo(3);
		assertThat(policy.read("$.inbound.policy.settings['" + idleTimeoutProperty() + "']", String.class))
			.isEqualTo("PT1S");
		assertThat(policy.read("$.inbound.policy.settings['" + requestLimitProperty() + "']", Integer.class))
			.isEqualTo(3);
	}

	@Test
	void aClearTextConnectionClosedWithoutARequestIsAcceptedAndUnused() throws IOException {
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == 0 && unaccounted(inbound()) == 0);
		ConnectionAccounting.Inbound before = inbound();

		RawHttp.open(port).close();

		await().atMost(Duration.ofSeconds(10)).until(() -> inbound().unused() == before.unused() + 1);
		ConnectionAccounting.Inbound after = inbound();
		assertThat(after.accepted()).isEqualTo(before.accepted() + 1);
		assertThat(after.tlsFailed()).isEqualTo(before.tlsFailed());
		assertThat(after.carriedRequests()).isEqualTo(before.carriedRequests());
		assertThat(unaccounted(after)).isZero();
	}

	/** Accepted connections in none of the four ends yet: open, without a counted request. */
	private static long unaccounted(ConnectionAccounting.Inbound figures) {
		return figures.accepted() - figures.refused() - figures.tlsFailed() - figures.unused()
				- figures.carriedRequests();
	}

	private ConnectionAccounting.Inbound inbound() {
		return connections.connections().inbound();
	}

	String idleTimeoutProperty() {
		return "server.netty.idle-timeout";
	}

	String requestLimitProperty() {
		return "server.netty.max-keep-alive-requests";
	}

	private InboundPolicy figures() {
		return connections.connections().inbound().policy();
	}
}
