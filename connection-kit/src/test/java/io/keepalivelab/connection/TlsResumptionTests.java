package io.keepalivelab.connection;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.testsupport.Certificates;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether a new TLS connection resumed a session, as the outbound client reports it in the trace and the
 * counters, against a real TLS server in this JVM: the first connection never resumes, the next one to the
 * same server does, and none does once the server keeps no sessions. Every call opens its connection
 * (keep-alive off), so every call is a handshake.
 */
class TlsResumptionTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * The server below needs BoringSSL, whose native the jars carry for Linux only: skipped elsewhere when it is
	 * missing, never on Linux, where a native that fails to load is a failure.
	 */
	@BeforeAll
	static void boringSslWhereItShips() {
		boolean linux = System.getProperty("os.name").startsWith("Linux");
		assumeTrue(linux || OpenSsl.isAvailable(), "no BoringSSL native for " + System.getProperty("os.name"));
	}

	@ParameterizedTest(name = "{0}, server resumes: {1}")
	@CsvSource({ "TLSv1.2, true", "TLSv1.3, true", "TLSv1.2, false", "TLSv1.3, false" })
	void secondConnectionResumesOnlyWhenTheServerKeepsSessions(String version, boolean serverResumes) throws Exception {
		ConnectionAccounting accounting = new ConnectionAccounting();
		LoopResources loops = LoopResources.create("tls-server", 1, true);
		DisposableServer server = server(version, serverResumes, loops);
		try (DownstreamClient client = client(version, server.port(), accounting)) {
			List<Boolean> resumed = new ArrayList<>();
			for (int call = 0; call < 3; call++) {
				HopCall hop = client.get("/", String.class).block(WAIT).call();
				assertThat(hop.connection()).isEqualTo(HopCall.NEW);
				assertThat(hop.tls()).isEqualTo(version);
				resumed.add(hop.tlsResumed());
			}

			assertThat(resumed).containsExactly(false, serverResumes, serverResumes);
			assertThat(accounting.outboundSnapshot().get("downstream").tlsResumed()).isEqualTo(serverResumes ? 2 : 0);
		}
		finally {
			server.disposeNow(WAIT);
			loops.disposeLater(Duration.ZERO, WAIT).block(WAIT);
		}
	}

	/**
	 * A Reactor Netty server with the services' TLS provider (BoringSSL), pinned to {@code version}; unless it
	 * {@code resumes}, it keeps no sessions: its session cache is off and it makes every earlier ticket unreadable.
	 */
	private static DisposableServer server(String version, boolean resumes, LoopResources loops) throws Exception {
		SslContext ssl = SslContextBuilder
			.forServer(Certificates.serverKey(LabCertificates.dir()), Certificates.serverChain(LabCertificates.dir()))
			.protocols(version)
			.build();
		OpenSslSessionContext sessions = (OpenSslSessionContext) ssl.sessionContext();
		if (!resumes) {
			sessions.setSessionCacheEnabled(false);
		}
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops)
			// No public switch turns BoringSSL's TLS 1.3 tickets off: a new ticket key for every connection
			// makes every earlier ticket unreadable, so nothing can be resumed.
			.doOnChannelInit((observer, channel, address) -> {
				if (!resumes) {
					sessions.setTicketKeys(newTicketKey());
				}
			})
			.secure(spec -> spec.sslContext(ssl))
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow(WAIT);
	}

	private static OpenSslSessionTicketKey newTicketKey() {
		byte[][] parts = new byte[3][16];
		for (byte[] part : parts) {
			RANDOM.nextBytes(part);
		}
		return new OpenSslSessionTicketKey(parts[0], parts[1], parts[2]);
	}

	private static DownstreamClient client(String version, int port, ConnectionAccounting accounting) {
		ClientProperties.Pool pool = new ClientProperties.Pool(4, Duration.ofSeconds(20), Duration.ofMinutes(5),
				Duration.ofSeconds(5), Duration.ofSeconds(5), 8);
		ClientProperties properties = new ClientProperties(false, false, ClientProperties.Protocol.HTTP11,
				new ClientProperties.Tls("lab", List.of(version), true), Duration.ofSeconds(2), pool, true);
		OutboundConnections connections = new OutboundConnections("caller", properties, accounting,
				LabCertificates.trustingBundles());
		DownstreamProperties.Downstream target = new DownstreamProperties.Downstream(
				URI.create("https://localhost:" + port), WAIT, null, null);
		return new DownstreamClient("caller", "downstream", target, connections, WebClient.builder());
	}
}
