package io.keepalivelab.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.connection.InboundPolicy;
import io.keepalivelab.testsupport.RawHttp;
import io.keepalivelab.testsupport.RawHttp.Closure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soft and hard connection limits on real sockets: every connection here is a raw socket, and the
 * figures are read from the server's own counters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "keepalive-lab.server.connections.soft-limit=3",
				"keepalive-lab.server.connections.hard-limit=6" })
class ServerConnectionLimitsIntegrationTests {

	/** Long enough to still be in flight while the test opens two more connections. */
	private static final String SLOW_REQUEST = "/work?workMs=2000";

	@Autowired
	ConnectionsEndpoint connections;

	@LocalServerPort
	int port;

	private final List<RawHttp> opened = new ArrayList<>();

	private InboundPolicy before;

	private int accepted;

	@BeforeEach
	void noConnectionOpen() {
		awaitOpen(0);
		before = figures();
	}

	@AfterEach
	void closeConnections() throws IOException {
		for (RawHttp connection : opened) {
			connection.close();
		}
		opened.clear();
		// A connection with a request in flight closes once its response is written.
		awaitOpen(0);
	}

	@Test
	void aboveTheSoftLimitTheLongestIdleConnectionIsEvicted() throws IOException {
		RawHttp oldest = open();
		RawHttp second = open();
		RawHttp third = open();

		RawHttp fourth = open();

		assertThat(oldest.closure()).isEqualTo(Closure.CLOSED);
		awaitOpen(3);
		assertThat(figures().evicted() - before.evicted()).isEqualTo(1);
		for (RawHttp kept : List.of(second, third, fourth)) {
			assertThat(kept.get("/work?workMs=0").status()).isEqualTo(200);
		}
		assertThat(figures().evicted() - before.evicted()).isEqualTo(1);
	}

	@Test
	void aConnectionWithARequestInFlightIsNotEvicted() throws IOException {
		RawHttp busy = open();
		sendAndAwaitArrival(busy, SLOW_REQUEST);
		RawHttp idle = open();
		RawHttp third = open();

		open();

		assertThat(idle.closure()).isEqualTo(Closure.CLOSED);
		assertThat(busy.response().status()).isEqualTo(200);
		assertThat(third.get("/work?workMs=0").status()).isEqualTo(200);
		assertThat(figures().evicted() - before.evicted()).isEqualTo(1);
	}

	@Test
	void atTheHardLimitANewConnectionIsClosedBeforeAnyResponse() throws IOException {
		List<RawHttp> reading = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			reading.add(startRequest(open()));
		}

		RawHttp refused = RawHttp.open(port);
		opened.add(refused);

		assertThat(refused.closure()).isEqualTo(Closure.CLOSED);
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().refused() == before.refused() + 1);
		assertThat(figures().open()).isEqualTo(6);
		assertThat(figures().evicted()).isEqualTo(before.evicted());
		for (RawHttp connection : reading) {
			assertThat(connection.write("Host: localhost\r\n\r\n").response().status()).isEqualTo(200);
		}
	}

	@Test
	void connectionsEndpointAndPrometheusShowTheLimitsAndTheEvictions() throws IOException {
		open();
		open();
		open();
		open();
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().evicted() == before.evicted() + 1);
		closeConnections();
		InboundPolicy figures = figures();

		String json;
		String prometheus;
		try (RawHttp reader = RawHttp.open(port)) {
			json = reader.get("/actuator/connections").body();
			prometheus = reader.get("/actuator/prometheus").body();
		}

		DocumentContext policy = JsonPath.parse(json);
		assertThat(policy.read("$.inbound.policy.settings['keepalive-lab.server.connections.soft-limit']", Integer.class)).isEqualTo(3);
		assertThat(policy.read("$.inbound.policy.settings['keepalive-lab.server.connections.hard-limit']", Integer.class)).isEqualTo(6);
		assertThat(policy.read("$.inbound.policy.evicted", Long.class)).isEqualTo(figures.evicted());
		assertThat(policy.read("$.inbound.policy.refused", Long.class)).isEqualTo(figures.refused());
		assertThat(policy.read("$.inbound.policy.open", Integer.class)).isEqualTo(1);
		assertThat(prometheus).contains("keepalive_lab_server_connections_soft_limit 3.0",
				"keepalive_lab_server_connections_hard_limit 6.0", "keepalive_lab_server_connections_open{stack=\"netty\"} 1.0",
				"keepalive_lab_server_connections_evicted_total{stack=\"netty\"} " + figures.evicted() + ".0",
				"keepalive_lab_server_connections_refused_total{stack=\"netty\"} " + figures.refused() + ".0");
	}

	/** Opens a connection and waits until the server holds it, so that the order of accepts is known. */
	private RawHttp open() throws IOException {
		RawHttp connection = RawHttp.open(port);
		opened.add(connection);
		int accepted = ++this.accepted;
		await().atMost(Duration.ofSeconds(10))
			.until(() -> figures().open() + figures().evicted() - before.evicted() >= accepted);
		return connection;
	}

	private void sendAndAwaitArrival(RawHttp connection, String path) throws IOException {
		long requests = connections.connections().inbound().requests();
		connection.sendGet(path);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> connections.connections().inbound().requests() == requests + 1);
	}

	/** Sends the first line of a request and waits until the server has read it: a request being read. */
	private RawHttp startRequest(RawHttp connection) throws IOException {
		long idle = figures().idle();
		connection.write("GET /work?workMs=0 HTTP/1.1\r\n");
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().idle() == idle - 1);
		return connection;
	}

	private void awaitOpen(int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> figures().open() == count);
	}

	private InboundPolicy figures() {
		return connections.connections().inbound().policy();
	}
}
