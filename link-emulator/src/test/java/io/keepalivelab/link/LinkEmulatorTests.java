package io.keepalivelab.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkEmulatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void adminEndpointListsEveryLinkWithItsCounters() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link",
						"customer=0:127.0.0.1:" + server.getLocalPort() + ":15", "--link",
						"dc=0:localhost:" + server.getLocalPort() + ":0.5:0.25"))) {
			Link customer = emulator.links().get(0);
			Link dc = emulator.links().get(1);
			sendThroughAndAccept(customer, server, 3);

			HttpResponse<String> response = get(emulator, "/links");

			assertEquals(200, response.statusCode());
			assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
			assertEquals("{\"links\":[" + "{\"name\":\"customer\",\"listenAddress\":\"127.0.0.1\",\"listenPort\":"
					+ customer.port() + ",\"targetHost\":\"127.0.0.1\",\"targetPort\":" + server.getLocalPort()
					+ ",\"delayMs\":15,\"jitterMs\":0,\"connectionsOpened\":1,\"connectionsActive\":1,"
					+ "\"bytesClientToServer\":3,\"bytesServerToClient\":0},"
					+ "{\"name\":\"dc\",\"listenAddress\":\"127.0.0.1\",\"listenPort\":" + dc.port()
					+ ",\"targetHost\":\"localhost\",\"targetPort\":" + server.getLocalPort()
					+ ",\"delayMs\":0.5,\"jitterMs\":0.25,\"connectionsOpened\":0,\"connectionsActive\":0,"
					+ "\"bytesClientToServer\":0,\"bytesServerToClient\":0}]}", response.body());
		}
	}

	@Test
	void adminEndpointAnswersOnlyGetOnKnownPaths() throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1"))) {
			URI links = URI.create("http://127.0.0.1:" + emulator.adminPort().getAsInt() + "/links");
			HttpResponse<String> post = http.send(HttpRequest.newBuilder(links).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());

			assertEquals(405, post.statusCode());
			assertEquals(404, get(emulator, "/links/a/b").statusCode());
			assertEquals(404, get(emulator, "/").statusCode());
		}
	}

	private HttpResponse<String> get(LinkEmulator emulator, String path) throws IOException, InterruptedException {
		URI uri = URI.create("http://127.0.0.1:" + emulator.adminPort().getAsInt() + path);
		return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Sends bytes through the link and waits until the server has them, so the counters are settled. */
	private static void sendThroughAndAccept(Link link, ServerSocket server, int bytes) throws IOException {
		Socket client = new Socket(InetAddress.getLoopbackAddress(), link.port());
		client.getOutputStream().write(new byte[bytes]);
		try (Socket peer = server.accept()) {
			peer.getInputStream().readNBytes(bytes);
		}
	}

}
