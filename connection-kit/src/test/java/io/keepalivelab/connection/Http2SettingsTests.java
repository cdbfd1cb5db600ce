package io.keepalivelab.connection;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

import io.keepalivelab.testsupport.Certificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new HTTP/2 connection costs a round trip more than its handshake, as the prediction counts it: the
 * client sends its first request only once the server's SETTINGS have arrived. A scripted server holds its
 * SETTINGS back, for a second or until a request comes, and logs the frames in the order they happen; the
 * request's HEADERS must come after the SETTINGS it sent. Over h2c (prior knowledge) and over TLS with ALPN,
 * the lab's {@code h2} transport.
 */
class Http2SettingsTests {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int HEADERS = 0x1;

	private static final int SETTINGS = 0x4;

	private static final int ACK = 0x1;

	private static final int END_STREAM_AND_HEADERS = 0x5;

	/** HPACK: ":status: 200" is entry 8 of the static table, one byte. */
	private static final byte STATUS_200 = (byte) 0x88;

	/** Long enough for a client that does not wait to send its request; the order is what is checked. */
	private static final Duration HOLD = Duration.ofSeconds(1);

	private static final Duration WAIT = Duration.ofSeconds(30);

	enum Transport {

		H2C, H2

	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void firstRequestOnANewConnectionWaitsForTheServersSettings(Transport transport) throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		try (ServerSocket listener = listen(transport)) {
			CompletableFuture<Void> server = CompletableFuture.runAsync(() -> serveOne(listener, events));
			HopCall call;
			try (DownstreamClient client = client(transport, listener)) {
				call = client.get("/", String.class).block(WAIT).call();
			}
			// Closing the client closed the connection, which ends the server.
			server.get(WAIT.toSeconds(), TimeUnit.SECONDS);

			assertThat(call.status()).isEqualTo(200);
			assertThat(call.protocol()).isEqualTo("HTTP/2.0");
			assertThat(events).startsWith("client preface", "client SETTINGS")
				.contains("server SETTINGS", "client HEADERS");
			assertThat(events.indexOf("client HEADERS")).as("request HEADERS after the server's SETTINGS: %s", events)
				.isGreaterThan(events.indexOf("server SETTINGS"));
		}
	}

	/**
	 * Reads the connection's frames on a thread of its own, logging each as it arrives; sends SETTINGS once a
	 * request came or the hold is over, then answers the request with an empty 200.
	 */
	private static void serveOne(ServerSocket listener, List<String> events) {
		try (Socket connection = listener.accept()) {
			connection.setSoTimeout(Math.toIntExact(WAIT.toMillis()));
			DataInputStream in = new DataInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			byte[] preface = in.readNBytes(PREFACE.length);
			assertThat(preface).isEqualTo(PREFACE);
			events.add("client preface");
			CountDownLatch clientSettings = new CountDownLatch(1);
			CountDownLatch request = new CountDownLatch(1);
			int[] streamId = new int[1];
			Thread reader = new Thread(() -> readFrames(in, events, clientSettings, request, streamId), "h2-frames");
			reader.setDaemon(true);
			reader.start();

			assertThat(clientSettings.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("client SETTINGS").isTrue();
			request.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);
			events.add("server SETTINGS");
			writeFrame(out, SETTINGS, 0, 0, new byte[0]);
			writeFrame(out, SETTINGS, ACK, 0, new byte[0]);
			assertThat(request.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("request HEADERS").isTrue();
			writeFrame(out, HEADERS, END_STREAM_AND_HEADERS, streamId[0], new byte[] { STATUS_200 });
			out.flush();
			reader.join(WAIT.toMillis());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Until the client closes: logs the first SETTINGS (not an ACK) and the first HEADERS. */
	private static void readFrames(DataInputStream in, List<String> events, CountDownLatch clientSettings,
			CountDownLatch request, int[] streamId) {
		try {
			while (true) {
				int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
				int type = in.readUnsignedByte();
				int flags = in.readUnsignedByte();
				int stream = in.readInt() & 0x7fffffff;
				in.readNBytes(length);
				if (type == SETTINGS && (flags & ACK) == 0 && clientSettings.getCount() > 0) {
					events.add("client SETTINGS");
					clientSettings.countDown();
				}
				else if (type == HEADERS && request.getCount() > 0) {
					events.add("client HEADERS");
					streamId[0] = stream;
					request.countDown();
				}
			}
		}
		catch (IOException closed) {
			// the client closed the connection
		}
	}

	private static void writeFrame(OutputStream out, int type, int flags, int stream, byte[] payload)
			throws IOException {
		byte[] frame = Arrays.copyOf(new byte[] { (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
				(byte) payload.length, (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16),
				(byte) (stream >>> 8), (byte) stream }, 9 + payload.length);
		System.arraycopy(payload, 0, frame, 9, payload.length);
		out.write(frame);
		out.flush();
	}

	/** A plain server socket for h2c; for h2, TLS 1.3 with the throwaway certificate, offering h2 by ALPN. */
	private static ServerSocket listen(Transport transport) throws Exception {
		if (transport == Transport.H2C) {
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		char[] password = "changeit".toCharArray();
		keys.setKeyEntry("server", Certificates.serverKey(LabCertificates.dir()), password,
				Certificates.serverChain(LabCertificates.dir()));
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, password);
		SSLContext tls = SSLContext.getInstance("TLSv1.3");
		tls.init(keyManagers.getKeyManagers(), null, null);
		SSLServerSocket listener = (SSLServerSocket) tls.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		SSLParameters parameters = listener.getSSLParameters();
		parameters.setProtocols(new String[] { "TLSv1.3" });
		parameters.setApplicationProtocols(new String[] { "h2" });
		listener.setSSLParameters(parameters);
		return listener;
	}

	private static DownstreamClient client(Transport transport, ServerSocket listener) {
		boolean secure = transport == Transport.H2;
		ClientProperties properties = new ClientProperties(true, false,
				secure ? ClientProperties.Protocol.H2 : ClientProperties.Protocol.H2C,
				secure ? new ClientProperties.Tls("lab", List.of("TLSv1.3"), true) : null, WAIT,
				new ClientProperties.Pool(1, Duration.ofSeconds(20), Duration.ofMinutes(5), Duration.ofSeconds(5),
						WAIT, 1),
				true);
		OutboundConnections connections = new OutboundConnections("caller", properties, new ConnectionAccounting(),
				secure ? LabCertificates.trustingBundles() : null);
		URI url = URI.create((secure ? "https://localhost:" : "http://127.0.0.1:") + listener.getLocalPort());
		return new DownstreamClient("caller", "downstream", new DownstreamProperties.Downstream(url, WAIT, null, null),
				connections, WebClient.builder());
	}
}
