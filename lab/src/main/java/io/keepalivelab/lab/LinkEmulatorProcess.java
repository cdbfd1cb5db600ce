package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The link emulator as a process, from its runnable jar: the links in front of the services, and its admin
 * endpoint, through which the lab reads the links' counters and switches their faults while they run.
 */
public final class LinkEmulatorProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Process process;

	private final Path log;

	private final int adminPort;

	private LinkEmulatorProcess(Process process, Path log, int adminPort) {
		this.process = process;
		this.log = log;
		this.adminPort = adminPort;
	}

	/**
	 * One link: a proxy on {@code listenPort} to 127.0.0.1:{@code targetPort} that delays each way by
	 * {@code delayMs}, varied by up to {@code jitterMs}.
	 */
	public record LinkSpec(String name, int listenPort, int targetPort, BigDecimal delayMs, BigDecimal jitterMs) {

		String argument() {
			return this.name + "=" + this.listenPort + ":127.0.0.1:" + this.targetPort + ":" + millis(this.delayMs) + ":"
					+ millis(this.jitterMs);
		}

	}

	/**
	 * Starts the links with the idle-drop each starts with (by link name), writing {@code log}, and waits
	 * until the admin endpoint on {@code adminPort} answers.
	 */
	public static LinkEmulatorProcess start(Path log, int adminPort, List<LinkSpec> links, Map<String, Duration> idleDrops) {
		return launch(log, adminPort, links, idleDrops).awaitStarted();
	}

	/**
	 * Starts the links as {@link #start} does and returns at once, so that the services can start beside it;
	 * {@link #awaitStarted} waits for it.
	 */
	static LinkEmulatorProcess launch(Path log, int adminPort, List<LinkSpec> links, Map<String, Duration> idleDrops) {
		List<String> command = new ArrayList<>(List.of(Project.java(), "-Xmx128m", "-jar",
				Project.runnableJar("link-emulator").toString(), "--admin-port", String.valueOf(adminPort)));
		for (LinkSpec link : links) {
			command.addAll(List.of("--link", link.argument()));
		}
		idleDrops.forEach((link, after) -> command.addAll(List.of("--fault", link + "=idle-drop:" + after.toMillis())));
		try {
			Files.createDirectories(log.getParent());
			Process process = Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
			return new LinkEmulatorProcess(process, log, adminPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the admin endpoint answers; stops the emulator if it does not. */
	LinkEmulatorProcess awaitStarted() {
		HttpRequest links = HttpRequest.newBuilder(admin("/links")).timeout(Duration.ofSeconds(5)).build();
		try {
			Processes.awaitAnswer("the link emulator", this.process, this.log, http, links, ServiceProcess.STARTUP_LIMIT);
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** Every link, its counters and its faults, as the admin endpoint's JSON. */
	public String linksJson() {
		return send(HttpRequest.newBuilder(admin("/links")).build());
	}

	/** The counters and faults of the link called {@code name}. */
	public JsonNode stats(String name) {
		for (JsonNode link : json.readTree(linksJson()).get("links")) {
			if (link.get("name").asString().equals(name)) {
				return link;
			}
		}
		throw new IllegalArgumentException("no link named '" + name + "'");
	}

	/** Holds all traffic of the link for {@code duration}, then delivers it in order. */
	public void freeze(String link, Duration duration) {
		post("/links/" + link + "/freeze?forMs=" + duration.toMillis());
	}

	/** Forgets the link's connections idle for {@code after}, as a NAT does: no FIN, no RST. */
	public void idleDrop(String link, Duration after) {
		post("/links/" + link + "/idle-drop?afterMs=" + after.toMillis());
	}

	/** Sets the link's one-way delay and jitter from now on, on its open connections too. */
	public void delay(String link, BigDecimal oneWayMs, BigDecimal jitterMs) {
		post("/links/" + link + "/delay?oneWayMs=" + oneWayMs.toPlainString() + "&jitterMs=" + jitterMs.toPlainString());
	}

	private void post(String pathAndQuery) {
		send(HttpRequest.newBuilder(admin(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	private String send(HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the link emulator's admin endpoint did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI admin(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.adminPort + pathAndQuery);
	}

	Process process() {
		return this.process;
	}

	@Override
	public void close() {
		Processes.stop(List.of(this.process));
	}

	/** Milliseconds as the emulator's command line takes them: no exponent, no trailing zeros. */
	static String millis(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

}
