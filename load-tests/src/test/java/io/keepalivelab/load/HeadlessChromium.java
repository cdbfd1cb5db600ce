package io.keepalivelab.load;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol with the JDK's own HTTP client
 * and WebSocket: loads a page at a given viewport and evaluates JavaScript in it, as a reader's browser
 * would render it. Closing it kills the browser and every process it started.
 */
// Reference: https://chromedevtools.github.io/devtools-protocol/
final class HeadlessChromium implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final Replies replies;

	private final AtomicInteger ids = new AtomicInteger();

	private HeadlessChromium(Process process, Path profile, WebSocket socket, Replies replies) {
		this.process = process;
		this.profile = profile;
		this.socket = socket;
		this.replies = replies;
	}

	/** The first {@code chromium} or {@code chromium-browser} on the PATH. */
	static Optional<Path> find() {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.flatMap((dir) -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser")))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Starts the browser on a blank page with a viewport of {@code width} x {@code height} CSS pixels. */
	static HeadlessChromium start(Path chromium, int width, int height) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory("report-chromium");
		// --no-sandbox: Chromium refuses to start its sandbox as root, which CI runs as.
		Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--remote-debugging-port=0",
				"--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
			.redirectErrorStream(true)
			.redirectOutput(profile.resolve("chromium.log").toFile())
			.start();
		try {
			Replies replies = new Replies();
			HeadlessChromium browser = new HeadlessChromium(process, profile, connect(profile, process, replies), replies);
			browser.send("Emulation.setDeviceMetricsOverride",
					Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
			return browser;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			kill(process);
			delete(profile);
			throw ex;
		}
	}

	/** Chromium writes the port it chose to the profile; the page's own socket is listed on it. */
	private static WebSocket connect(Path profile, Process process, Replies replies)
			throws IOException, InterruptedException {
		Path portFile = profile.resolve("DevToolsActivePort");
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
			if (!process.isAlive()) {
				throw new IOException("chromium exited with " + process.exitValue() + ": "
						+ Files.readString(profile.resolve("chromium.log")));
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("chromium wrote no DevToolsActivePort in " + TIMEOUT);
			}
			Thread.sleep(50);
		}
		int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
		HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
			.timeout(TIMEOUT)
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		String page = null;
		for (JsonNode target : Json.MAPPER.readTree(list)) {
			if ("page".equals(target.path("type").asString())) {
				page = target.path("webSocketDebuggerUrl").asString();
				break;
			}
		}
		if (page == null) {
			throw new IOException("chromium lists no page: " + list);
		}
		try {
			return http.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(URI.create(page), replies)
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("cannot open the page's DevTools socket " + page, ex);
		}
	}

	/** Sends a DevTools command and waits for its result. */
	JsonNode send(String method, Map<String, Object> params) throws IOException {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> reply = this.replies.expect(id);
		String message = Json.MAPPER.writeValueAsString(Map.of("id", id, "method", method, "params", params));
		try {
			this.socket.sendText(message, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (answer.has("error")) {
				throw new IOException(method + " failed: " + answer.get("error"));
			}
			return answer.path("result");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(method + " interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException(method + " got no answer", ex);
		}
	}

	/** Opens {@code page} and waits until it and everything it holds are loaded. */
	void load(Path page) throws IOException, InterruptedException {
		send("Page.navigate", Map.of("url", page.toUri().toString()));
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!"complete".equals(evaluate("document.location.href === '" + page.toUri() + "' ? document.readyState : ''")
			.asString())) {
			if (System.nanoTime() > deadline) {
				throw new IOException(page + " did not load in " + TIMEOUT);
			}
			Thread.sleep(50);
		}
	}

	/** The value of a JavaScript expression in the page, as JSON. */
	JsonNode evaluate(String expression) throws IOException {
		JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
		if (result.has("exceptionDetails")) {
			throw new IOException("script failed: " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/** Matches each answer to the command of its id; events, which have none, are ignored. */
	private static final class Replies implements WebSocket.Listener {

		private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

		private final StringBuilder partial = new StringBuilder();

		CompletableFuture<JsonNode> expect(int id) {
			return this.pending.computeIfAbsent(id, (key) -> new CompletableFuture<>());
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				JsonNode message = Json.MAPPER.readTree(this.partial.toString());
				this.partial.setLength(0);
				if (message.has("id")) {
					expect(message.get("id").asInt()).complete(message);
				}
			}
			socket.request(1);
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			this.pending.values().forEach((reply) -> reply.completeExceptionally(error));
		}

	}

	@Override
	public void close() {
		this.socket.abort();
		kill(this.process);
		delete(this.profile);
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// A profile left in the temporary directory harms nothing.
		}
	}

}
