package io.keepalivelab.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.keepalivelab.connection.ConnectionAccounting.Inbound;
import io.keepalivelab.connection.ConnectionsEndpoint;
import io.keepalivelab.testsupport.Certificates;
import io.keepalivelab.testsupport.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every connection the server accepts ends in exactly one inbound figure, on a TLS server so that all four
 * can happen: refused at the hard limit, TLS failed, unused, or carried requests. Clients are raw sockets;
 * the figures are read from the endpoint's bean, so reading them opens no connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("tls13")
@TestPropertySource(properties = "keepalive-lab.server.connections.hard-limit=" + InboundConnectionCountsIntegrationTests.HARD_LIMIT)
class InboundConnectionCountsIntegrationTests {

	static final int HARD_LIMIT = 4;

	/** Connections opened at once against the hard limit. */
	private static final int STORM = 10;

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** Made once for both stacks' classes. */
	private static Path tls;

	@DynamicPropertySource
	static void certificates(DynamicPropertyRegistry registry) {
		registry.add("keepalive-lab.tls.dir", () -> certificates().toString());
	}

	/**
	 * A self-signed certificate for localhost in {@code server.p12}, trusted in {@code trust.p12}, laid out as
	 * make-certs.sh lays them out: one keytool run where make-certs.sh takes nine, as these tests need no CA.
	 */
	private static synchronized Path certificates() {
		if (tls == null) {
			try {
				Path dir = Files.createDirectories(Path.of("target", "inbound-connection-counts-tls")).toAbsolutePath();
				Files.deleteIfExists(dir.resolve("server.p12"));
				Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
						"-genkeypair", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(),
						"-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=localhost", "-keyalg", "EC",
						"-groupname", "secp256r1", "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1")
					.redirectErrorStream(true)
					.start();
				String output = new String(keytool.getInputStream().readAllBytes());
				if (!keytool.waitFor(1, TimeUnit.MINUTES) || keytool.exitValue() != 0) {
					throw new IllegalStateException("keytool failed: " + output);
				}
				KeyStore trust = KeyStore.getInstance("PKCS12");
				trust.load(null, null);
				trust.setCertificateEntry("server", Certificates.serverChain(dir)[0]);
				try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
					trust.store(out, "changeit".toCharArray());
				}
				tls = dir;
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return tls;
	}

	@Autowired
	ConnectionsEndpoint connections;

	@LocalServerPort
	int port;

	private Inbound before;

	@BeforeEach
	void everyEarlierConnectionEnded() {
		await().atMost(WAIT).until(() -> unaccounted(figures()) == 0);
		before = figures();
	}

	@Test
	void aConnectionClosedAfterItsHandshakeWithoutARequestIsUnused() throws IOException {
		try (SSLSocket socket = tlsSocket()) {
			socket.startHandshake();
		}

		awaitEnded(1);
		assertThat(since(Inbound::unused)).isEqualTo(1);
		assertThat(since(Inbound::carriedRequests)).isZero();
		assertThat(since(Inbound::tlsFailed)).isZero();
	}

	@Test
	void aClientSpeakingClearTextToTheTlsPortIsCountedAsTlsFailed() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) WAIT.toMillis());
			socket.getOutputStream().write("GET /work?workMs=0 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			readUntilClosed(socket.getInputStream());
		}

		awaitEnded(1);
		assertThat(since(Inbound::tlsFailed)).isEqualTo(1);
		assertThat(since(Inbound::unused)).isZero();
		assertThat(since(Inbound::requests)).isZero();
	}

	@Test
	void aClientThatLeavesBeforeTheHandshakeEndsIsCountedAsTlsFailed() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			// The first bytes of a TLS record (a handshake message, TLS 1.2 framing), then nothing.
			socket.getOutputStream().write(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x40, 0x01 });
			socket.getOutputStream().flush();
		}

		awaitEnded(1);
		assertThat(since(Inbound::tlsFailed)).isEqualTo(1);
		assertThat(since(Inbound::unused)).isZero();
	}

	@Test
	void aConnectionThatCarriedOnlyActuatorRequestsIsUnusedAndLeavesTheReuseFiguresAlone() throws IOException {
		String body = tlsExchange("/actuator/connections", "/actuator/health");

		assertThat(body).contains("\"carriedRequests\":", "\"status\":\"UP\"");
		awaitEnded(1);
		assertThat(since(Inbound::unused)).isEqualTo(1);
		assertThat(since(Inbound::carriedRequests)).isZero();
		assertThat(since(Inbound::requests)).isZero();
	}

	@Test
	void aConnectionThatCarriedRequestsCountsOnceInCarriedRequestsEvenWithActuatorRequestsFirst() throws IOException {
		tlsExchange("/actuator/health", "/work?workMs=0", "/work?workMs=0");

		awaitEnded(1);
		assertThat(since(Inbound::carriedRequests)).isEqualTo(1);
		assertThat(since(Inbound::requests)).isEqualTo(2);
		assertThat(since(Inbound::unused)).isZero();
	}

	@Test
	void aStormOfConnectionsAddsUpToWhatWasAccepted() throws IOException {
		List<Socket> storm = new ArrayList<>();
		try {
			for (int i = 0; i < STORM; i++) {
				storm.add(new Socket("127.0.0.1", port));
			}
			await().atMost(WAIT).until(() -> since(Inbound::accepted) == STORM);
			assertRefused(since(Inbound::refused));
		}
		finally {
			for (Socket socket : storm) {
				socket.close();
			}
		}

		awaitEnded(STORM);
		// None of them finished a handshake: each one was refused or failed TLS.
		assertThat(since(Inbound::refused) + since(Inbound::tlsFailed)).isEqualTo(STORM);
		assertThat(since(Inbound::unused) + since(Inbound::carriedRequests)).isZero();
	}

	@Test
	void prometheusPublishesTheSameFiguresUnderTheirNames() throws IOException {
		tlsExchange("/work?workMs=0");
		awaitEnded(1);

		String prometheus = tlsExchange("/actuator/prometheus");

		awaitEnded(2);
		Inbound figures = figures();
		// The scrape ran on its own connection, accepted before it and not yet closed.
		assertThat(meter(prometheus, "accepted")).isEqualTo(figures.accepted());
		assertThat(meter(prometheus, "refused")).isEqualTo(figures.refused());
		assertThat(meter(prometheus, "tls_failed")).isEqualTo(figures.tlsFailed());
		assertThat(meter(prometheus, "unused")).isEqualTo(figures.unused() - 1);
		assertThat(meter(prometheus, "carried_requests")).isEqualTo(figures.carriedRequests());
	}

	/** On Netty the hard limit refuses what exceeds it. */
	void assertRefused(long refused) {
		assertThat(refused).isPositive().isLessThanOrEqualTo(STORM - HARD_LIMIT);
	}

	/** Reads a counter by its Prometheus name; a missing one fails the test with its name. */
	private long meter(String prometheus, String name) {
		String full = "keepalive_lab_server_connections_" + name + "_total";
		Matcher matcher = Pattern.compile("(?m)^" + full + "\\{stack=\"" + connections.connections().stack()
				+ "\"} ([0-9.E]+)$").matcher(prometheus);
		assertThat(matcher.find()).as("%s in /actuator/prometheus", full).isTrue();
		return (long) Double.parseDouble(matcher.group(1));
	}

	/** Sends each GET in turn on one TLS connection, then closes it; returns the bodies. */
	private String tlsExchange(String... paths) throws IOException {
		StringBuilder bodies = new StringBuilder();
		try (RawHttp connection = RawHttp.over(tlsSocket())) {
			for (String path : paths) {
				RawHttp.Response response = connection.get(path);
				assertThat(response.status()).as(path).isEqualTo(200);
				bodies.append(response.body());
			}
		}
		return bodies.toString();
	}

	private SSLSocket tlsSocket() throws IOException {
		SSLSocket socket = (SSLSocket) Certificates.trusting(certificates()).getSocketFactory().createSocket("localhost", port);
		socket.setSoTimeout((int) WAIT.toMillis());
		return socket;
	}

	private static String readUntilClosed(InputStream in) throws IOException {
		try {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (SSLException | SocketException reset) {
			// A TLS server answering clear text may reset the connection instead of closing it.
			return "";
		}
	}

	/** Waits until {@code count} more connections were accepted and every one of them has ended. */
	private void awaitEnded(int count) {
		await().atMost(WAIT).until(() -> since(Inbound::accepted) == count && unaccounted(figures()) == 0);
		Map<String, Long> ends = Map.of("refused", since(Inbound::refused), "tlsFailed", since(Inbound::tlsFailed),
				"unused", since(Inbound::unused), "carriedRequests", since(Inbound::carriedRequests));
		assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).as("%s", ends).isEqualTo(count);
	}

	/** Accepted connections not yet in one of the four ends: open without a counted request. */
	private static long unaccounted(Inbound figures) {
		return figures.accepted() - figures.refused() - figures.tlsFailed() - figures.unused()
				- figures.carriedRequests();
	}

	private long since(ToLongFunction<Inbound> figure) {
		return figure.applyAsLong(figures()) - figure.applyAsLong(before);
	}

	private Inbound figures() {
		return connections.connections().inbound();
	}
}
