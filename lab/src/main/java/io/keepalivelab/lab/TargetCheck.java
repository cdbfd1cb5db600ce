package io.keepalivelab.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.keepalivelab.lab.LabRun.CannotRun;
import io.keepalivelab.load.Gates;
import io.keepalivelab.load.OutboundHops;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./demo.sh --target URL}: the reuse gate against a service of one's own, running wherever the lab can
 * reach it. Gatling loads the URL, first to warm up, then for the measured run; just before and just after the
 * measured run the lab reads the service's own counters: {@code /actuator/connections} where the service has it
 * (a keepalive-lab service), else {@code /actuator/prometheus} (Reactor Netty's client metrics), or the URL
 * {@code --target-metrics} names. It prints per outbound hop the connections opened per request, and holds them to
 * each {@code --assert-reuse}. Writes Gatling's {@code summary.json}, {@code latency.hlog} and report,
 * {@code counters-before.txt}, {@code counters-after.txt}, {@code outbound.txt} and {@code gates.xml} into the run
 * folder. Exit status 0; 1 when requests failed; 2 when the target or its counters cannot be read; 3 when a gate
 * failed.
 */
final class TargetCheck {

	/** Where a Spring Boot service answers its counters, in the order they are tried. */
	static final List<String> COUNTER_PATHS = List.of("/actuator/connections", "/actuator/prometheus");

	/** Gatling's own JVM start before its load, on 2 cores: for the progress lines only. */
	private static final int GATLING_START_SECONDS = 6;

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private final LabOptions options;

	private final PrintStream out;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	TargetCheck(LabOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	int run() throws IOException, InterruptedException {
		URI target = this.options.target;
		Path dir = Files.createDirectories((this.options.out != null) ? this.options.out
				: Project.root().resolve("target/demo").resolve("target-" + LocalDateTime.now()
					.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
			.toAbsolutePath()
			.normalize();
		URI counters = countersOf(target);
		log("target " + target + "; its counters: " + counters);
		log(((this.options.rate != null) ? this.options.rate + " requests/s arriving (the open model)"
				: this.options.users + " users") + ", " + this.options.warmup + "s warm-up + " + this.options.duration + "s measured, keep-alive "
				+ this.options.keepAliveIn("reuse") + "; results in " + dir);
		if (this.options.warmup > 0) {
			log("warming up for " + this.options.warmup + "s (the service's pools fill, its JIT compiles)");
			Path warmUp = Files.createDirectories(dir.resolve("warm-up"));
			if (gatling(warmUp, this.options.warmup) != 0) {
				throw new CannotRun("the warm-up's requests to " + target + " failed: see " + warmUp.resolve("gatling.log"));
			}
		}
		String before = read(counters);
		Files.writeString(dir.resolve("counters-before.txt"), before);
		log("measuring for " + this.options.duration + "s");
		int gatlingStatus = gatling(dir, this.options.duration);
		String after = read(counters);
		Files.writeString(dir.resolve("counters-after.txt"), after);
		if (gatlingStatus == 1) {
			throw new CannotRun("Gatling did not finish: see " + dir.resolve("gatling.log"));
		}
		OutboundHops hops;
		try {
			hops = OutboundHops.parse(after).since(OutboundHops.parseBefore(before));
		}
		catch (IllegalArgumentException ex) {
			throw new CannotRun(counters + ": " + ex.getMessage());
		}
		long loadRequests = JsonMapper.shared().readTree(dir.resolve("summary.json").toFile()).path("requests").asLong();
		String table = table(hops, loadRequests);
		Files.writeString(dir.resolve("outbound.txt"), table);
		this.out.print(table);
		List<Gates.Verdict> verdicts = new ArrayList<>();
		for (String spec : this.options.targetGates) {
			Gates.DownstreamReuseGate gate = Gates.downstreamReuse(spec);
			verdicts.add(Gates.Verdict.ofTarget(target.toString(), gate.name(), gate.failure(hops)));
		}
		if (!verdicts.isEmpty()) {
			verdicts.forEach((verdict) -> this.out.println(verdict.text()));
			Gates.writeJUnit(dir.resolve(Gates.FILE_NAME), verdicts);
			log("gate verdicts in " + dir.resolve(Gates.FILE_NAME));
		}
		if (verdicts.stream().anyMatch((verdict) -> verdict.failure().isPresent())) {
			return 3;
		}
		if (gatlingStatus != 0) {
			log("some requests to " + target + " failed: see " + dir.resolve("gatling.log"));
			return 1;
		}
		return 0;
	}

	/** {@code --target-metrics}, or the first of {@link #COUNTER_PATHS} the service answers with counters. */
	private URI countersOf(URI target) throws InterruptedException {
		if (this.options.targetMetrics != null) {
			return this.options.targetMetrics;
		}
		List<String> tried = new ArrayList<>();
		for (String path : COUNTER_PATHS) {
			URI uri = target.resolve(path);
			Optional<String> body = tryRead(uri);
			if (body.isEmpty()) {
				tried.add(path + " did not answer 200");
				continue;
			}
			if (!body.get().stripLeading().startsWith("{")) {
				// Prometheus text: its client timers appear only once the service has connected somewhere
				return uri;
			}
			try {
				OutboundHops.parse(body.get());
				return uri;
			}
			catch (IllegalArgumentException ex) {
				tried.add(path + ": " + ex.getMessage());
			}
		}
		throw new CannotRun("no counters of outbound connections at " + target.resolve("/") + " (" + String.join("; ", tried)
				+ "): expose one of them, or name the service's metrics with --target-metrics URL");
	}

	private Optional<String> tryRead(URI uri) throws InterruptedException {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Optional.of(response.body()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private String read(URI uri) throws InterruptedException {
		return tryRead(uri).orElseThrow(() -> new CannotRun(uri + " did not answer 200"));
	}

	/** One Gatling run of {@code seconds} against the target into {@code dir}; its exit status. */
	private int gatling(Path dir, int seconds) throws InterruptedException {
		URI target = this.options.target;
		String origin = target.getScheme() + "://" + target.getRawAuthority();
		String path = Optional.ofNullable(target.getRawPath()).filter((raw) -> !raw.isEmpty()).orElse("/")
				+ Optional.ofNullable(target.getRawQuery()).map((query) -> "?" + query).orElse("");
		List<String> properties = new ArrayList<>(List.of("-DbaseUrl=" + origin, "-Dpath=" + path, "-DanyAnswer=true",
				"-Dusers=" + this.options.users, "-DdurationSeconds=" + seconds, "-DwarmupSeconds=0",
				"-DkeepAlive=" + this.options.keepAliveIn("reuse")));
		if (this.options.rate != null) {
			properties.add("-Drate=" + this.options.rate);
		}
		Path log = dir.resolve("gatling.log");
		Process gatling = Gatling.start(dir, log, properties);
		try {
			long started = System.nanoTime();
			long shown = 0;
			while (!gatling.waitFor(1, TimeUnit.SECONDS)) {
				long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
				if (elapsed / 10 > shown) {
					shown = elapsed / 10;
					log("  Gatling: " + elapsed + "s of about " + (GATLING_START_SECONDS + seconds) + "s");
				}
			}
			return gatling.exitValue();
		}
		finally {
			Processes.stop(List.of(gatling));
		}
	}

	static String table(OutboundHops hops, long loadRequests) {
		StringBuilder table = new StringBuilder("\nOutbound hops of the target during the measured "
				+ loadRequests + " requests, from its " + hops.source() + ":\n\n");
		table.append("| to | connections opened | requests sent | opened per request |\n| --- | ---: | ---: | ---: |\n");
		if (hops.byDownstream().isEmpty()) {
			table.append("| (none: the service called nothing) | | | |\n");
		}
		hops.byDownstream().forEach((downstream, counts) -> table.append("| ").append(downstream).append(" | ")
			.append(counts.opened()).append(" | ").append(counts.requests()).append(" | ")
			.append((counts.requests() == 0) ? "-" : String.format(Locale.ROOT, "%.3f", counts.perRequest())).append(" |\n"));
		return table.append('\n').toString();
	}

	private void log(String message) {
		this.out.println("[demo " + LocalTime.now().format(CLOCK) + "] " + message);
	}

}
