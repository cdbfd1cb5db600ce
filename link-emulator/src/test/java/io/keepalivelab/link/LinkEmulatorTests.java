package io.keepalivelab.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.keepalivelab.testsupport.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkEmulatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private static final String NO_FAULTS = "\"faults\":{\"idleDropAfterMs\":null,\"frozenForMs\":0,\"resetAfterBytes\":null}}";

	@Test
	void adminEndpointListsEveryLinkWithItsCountersAndFaults() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link",
						"customer=0:127.0.0.1:" + server.getLocalPort() + ":15", "--link",
						"dc=0:localhost:" + server.getLocalPort() + ":0.5:0.25", "--fault", "customer=idle-drop:350000"))) {
			Link customer = emulator.links().get(0);
			Link dc = emulator.links().get(1);
			sendThroughAndAccept(customer, server, 3);

			HttpResponse<String> response = get(emulator, "/links");

			assertEquals(200, response.statusCode());
			assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
			assertEquals("{\"links\":[" + "{\"name\":\"customer\",\"listenAddress\":\"127.0.0.1\",\"listenPort\":"
					+ customer.port() + ",\"targetHost\":\"127.0.0.1\",\"targetPort\":" + server.getLocalPort()
					+ ",\"delayMs\":15,\"jitterMs\":0,\"connectionsOpened\":1,\"connectionsActive\":1,"
					+ "\"bytesClientToServer\":3,\"bytesServerToClient\":0,\"connectionsDropped\":0,\"connectionsReset\":0,"
					+ "\"freezes\":0,\"bytesDiscarded\":0,"
					+ "\"faults\":{\"idleDropAfterMs\":350000,\"frozenForMs\":0,\"resetAfterBytes\":null}},"
					+ "{\"name\":\"dc\",\"listenAddress\":\"127.0.0.1\",\"listenPort\":" + dc.port()
					+ ",\"targetHost\":\"localhost\",\"targetPort\":" + server.getLocalPort()
					+ ",\"delayMs\":0.5,\"jitterMs\":0.25,\"connectionsOpened\":0,\"connectionsActive\":0,"
					+ "\"bytesClientToServer\":0,\"bytesServerToClient\":0,\"connectionsDropped\":0,\"connectionsReset\":0,"
					+ "\"freezes\":0,\"bytesDiscarded\":0," + NO_FAULTS + "]}", response.body());
		}
	}

	@Test
	void linkFromTheCommandLineDelaysEachWayByItsDelayNotMore() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				LinkEmulator emulator = LinkEmulator.start(
						EmulatorOptions.parse("--link", "dc=0:127.0.0.1:" + server.getLocalPort() + ":30"));
				Socket client = new Socket(InetAddress.getLoopbackAddress(), emulator.links().get(0).port());
				Socket peer = server.accept()) {
			for (Socket socket : List.of(client, peer)) {
				socket.setTcpNoDelay(true);
				socket.setSoTimeout(5000);
			}
			Duration delay = Duration.ofMillis(30);

			long[] oneWay = AbstractLinkTests.medianOneWayDelays(client, peer);

			AbstractLinkTests.assertAtLeast(delay, oneWay[0], "client to server");
			AbstractLinkTests.assertAtMostWithMargin(delay, oneWay[0], "client to server");
			AbstractLinkTests.assertAtLeast(delay, oneWay[1], "server to client");
			AbstractLinkTests.assertAtMostWithMargin(delay, oneWay[1], "server to client");
		}
	}

	@Test
	void linksListAnswersOnlyGetAndUnknownPathsAreNotFound() throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1"))) {
			URI links = URI.create("http://127.0.0.1:" + emulator.adminPort().getAsInt() + "/links");
			HttpResponse<String> post = http.send(HttpRequest.newBuilder(links).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());

			assertEquals(405, post.statusCode());
			assertEquals(404, get(emulator, "/links/a/b").statusCode());
			assertEquals(404, get(emulator, "/").statusCode());
		}
	}

	@Test
	void adminEndpointSwitchesTheFaultsOfOneLink() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link",
						"a=0:127.0.0.1:" + server.getLocalPort() + ":1", "--link", "b=0:h:80:1"));
				Socket client = new Socket(InetAddress.getLoopbackAddress(), emulator.links().get(0).port());
				Socket peer = server.accept()) {
			HttpResponse<String> idleDrop = send(emulator, "POST", "/links/a/idle-drop?afterMs=3000");
			HttpResponse<String> resetAfter = send(emulator, "POST", "/links/a/reset?afterBytes=1000");
			HttpResponse<String> freeze = send(emulator, "POST", "/links/a/freeze?forMs=60000");
			HttpResponse<String> resetNow = send(emulator, "POST", "/links/a/reset");
			HttpResponse<String> clear = send(emulator, "DELETE", "/links/a/faults");
			HttpResponse<String> delay = send(emulator, "POST", "/links/a/delay?oneWayMs=0.5&jitterMs=0.25");

			for (HttpResponse<String> response : List.of(idleDrop, resetAfter, freeze, resetNow, clear, delay)) {
				assertEquals(200, response.statusCode(), response::body);
				assertTrue(response.body().startsWith("{\"name\":\"a\","), response::body);
			}
			assertTrue(idleDrop.body()
				.endsWith("\"faults\":{\"idleDropAfterMs\":3000,\"frozenForMs\":0,\"resetAfterBytes\":null}}"),
					idleDrop::body);
			assertTrue(resetAfter.body()
				.endsWith("\"faults\":{\"idleDropAfterMs\":3000,\"frozenForMs\":0,\"resetAfterBytes\":1000}}"),
					resetAfter::body);
			assertTrue(freeze.body().matches(".*\"freezes\":1,.*\"frozenForMs\":[1-9][0-9]*,.*"), freeze::body);
			assertTrue(resetNow.body().contains("\"connectionsReset\":1,"), resetNow::body);
			assertTrue(clear.body().endsWith(NO_FAULTS), clear::body);
			assertTrue(delay.body().contains("\"delayMs\":0.5,\"jitterMs\":0.25,"), delay::body);
			assertEquals(Duration.ofMillis(1), emulator.links().get(1).config().delay());
			assertEquals(LinkFaults.NONE, emulator.links().get(1).faults());
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			POST   | /links/x/freeze?forMs=5                        | 404 |        | no link named 'x'; links: a, b
			POST   | /links/a/slow                                  | 404 |        | unknown fault 'slow'; POST idle-drop, freeze, reset or delay, or DELETE faults
			POST   | /links/a                                       | 404 |        | no such resource: /links/a
			GET    | /links/a/freeze?forMs=5                        | 405 | POST   | method GET not allowed here, only POST
			POST   | /links/a/faults                                | 405 | DELETE | method POST not allowed here, only DELETE
			POST   | /links/a/idle-drop                             | 400 |        | afterMs must be a whole number of milliseconds from 1 to 3600000, got nothing
			POST   | /links/a/idle-drop?afterMs=soon                | 400 |        | afterMs must be a whole number of milliseconds from 1 to 3600000, got 'soon'
			POST   | /links/a/idle-drop?afterMs=                    | 400 |        | afterMs must be a whole number of milliseconds from 1 to 3600000, got ''
			POST   | /links/a/freeze?forMs=-5                       | 400 |        | forMs must be a whole number of milliseconds from 1 to 3600000, got '-5'
			POST   | /links/a/freeze?forMs=0                        | 400 |        | forMs must be a whole number of milliseconds from 1 to 3600000, got '0'
			POST   | /links/a/freeze?forMs=3600001                  | 400 |        | forMs must be a whole number of milliseconds from 1 to 3600000, got '3600001'
			POST   | /links/a/reset?afterBytes=0                    | 400 |        | afterBytes must be a whole number of bytes from 1 to 1099511627776, got '0'
			POST   | /links/a/reset?afterBytes=1099511627777        | 400 |        | afterBytes must be a whole number of bytes from 1 to 1099511627776, got '1099511627777'
			POST   | /links/a/reset?afterBytes=99999999999999999999 | 400 |        | afterBytes must be a whole number of bytes from 1 to 1099511627776, got '99999999999999999999'
			POST   | /links/a/freeze?after=5                        | 400 |        | unknown parameter 'after'; this takes forMs
			DELETE | /links/a/faults?all=1                          | 400 |        | unknown parameter 'all'; this takes none
			POST   | /links/a/delay                                 | 400 |        | oneWayMs must be a number of milliseconds such as 15 or 0.5, got nothing
			POST   | /links/a/delay?oneWayMs=-1                     | 400 |        | link 'a': delay must be between 0 and 10000 ms, got -1 ms
			POST   | /links/a/delay?oneWayMs=1&jitterMs=2           | 400 |        | link 'a': jitter must be between 0 and the delay (1 ms), got 2 ms
			POST   | /links/a/delay?oneWayMs=0.5&slow=1             | 400 |        | unknown parameter 'slow'; this takes oneWayMs, jitterMs
			GET    | /links/a/delay?oneWayMs=0                      | 405 | POST   | method GET not allowed here, only POST
			""")
	void adminEndpointRefusesBadFaultRequestsSayingWhy(String method, String path, int status, String allow,
			String error) throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(
				EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1", "--link", "b=0:h:81:1"))) {
			HttpResponse<String> response = send(emulator, method, path);

			assertEquals(status, response.statusCode());
			assertEquals("{\"error\":\"" + error + "\"}", response.body());
			assertEquals(Optional.ofNullable(allow), response.headers().firstValue("Allow"));
			assertEquals(LinkFaults.NONE, emulator.links().get(0).faults());
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Origin         | http://attacker.example     | refused a request from origin 'http://attacker.example': no web page may read or switch the links
			Origin         | null                        | refused a request from origin 'null': no web page may read or switch the links
			Sec-Fetch-Site | cross-site                  | refused a cross-site request: no web page may read or switch the links
			Sec-Fetch-Site | same-site                   | refused a same-site request: no web page may read or switch the links
			""")
	void adminEndpointRefusesWhatAWebPageSends(String header, String value, String error) throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1"))) {
			URI uri = URI.create("http://127.0.0.1:" + emulator.adminPort().getAsInt() + "/links/a/freeze?forMs=5000");
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(uri).header(header, value).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());

			assertEquals(403, response.statusCode());
			assertEquals("{\"error\":\"" + error + "\"}", response.body());
			assertEquals(LinkFaults.NONE, emulator.links().get(0).faults());
		}
	}

	@ParameterizedTest
	@CsvSource({ "localhost, 200", "127.0.0.1, 200", "[::1], 200", "link-emulator, 200", "lab.attacker.example, 403" })
	void adminEndpointAnswersForLocalNamesOnly(String host, int status) throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1"))) {
			int port = emulator.adminPort().getAsInt();
			RawHttp.Response response = RawHttp.exchange(port, "POST /links/a/freeze?forMs=5000 HTTP/1.1\r\nHost: " + host
					+ ":" + port + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 1).response();

			assertEquals("HTTP/1.1", response.version(), response.toString());
			assertEquals(status, response.status(), response.toString());
			assertEquals(status == 200, !emulator.links().get(0).faults().equals(LinkFaults.NONE));
		}
	}

	@Test
	void adminErrorQuotesWhatTheClientSentAsValidJson() throws Exception {
		try (LinkEmulator emulator = LinkEmulator.start(EmulatorOptions.parse("--admin-port", "0", "--link", "a=0:h:80:1"))) {
			HttpResponse<String> response = send(emulator, "POST", "/links/a%22%5C/reset");

			assertEquals(404, response.statusCode());
			assertEquals("{\"error\":\"no link named 'a\\\"\\\\'; links: a\"}", response.body());
		}
	}

	private HttpResponse<String> get(LinkEmulator emulator, String path) throws IOException, InterruptedException {
		return send(emulator, "GET", path);
	}

	private HttpResponse<String> send(LinkEmulator emulator, String method, String path)
			throws IOException, InterruptedException {
		URI uri = URI.create("http://127.0.0.1:" + emulator.adminPort().getAsInt() + path);
		return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
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
