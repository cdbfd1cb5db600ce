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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./demo.sh --soak}: each reuse mode in turn on a chain of its own under a steady closed load from the
 * lab's own client (as the JIT warm-up sends it), sampling every service's resident memory, threads, open
 * file descriptors and connection figures; a figure that keeps growing fails the run, naming it and the
 * service. Writes {@code soak.json} and {@code soak.txt} into the run folder.
 */
final class Soak {

	/** Concurrent senders of the steady load, each sending its next request when its last one is answered. */
	static final int SENDERS = 4;

	/** Samples per run: one a minute at the default 10 minutes, every few seconds in a short run. */
	static final int SAMPLES = 10;

	/** The first fifth of a run warms up: the JIT compiles, pools fill, heaps grow to their working size. */
	static final double WARM_UP_FRACTION = 0.2;

	/**
	 * What "grows without bound" means here: the last sample above {@code factor} x the first sample after the
	 * warm-up plus {@code slack}, and still rising over the second half (least-squares slope above zero). A heap
	 * settling, a pool filling to its size or a few threads started late stay below it; a leak crosses it.
	 */
	record Limit(double factor, double slack) {

		boolean exceeded(double base, double last, double slope) {
			return last > this.factor * base + this.slack && slope > 0;
		}

	}

	static final Map<String, Limit> LIMITS = limits();

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final LabOptions options;

	private final PrintStream out;

	Soak(LabOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	private static Map<String, Limit> limits() {
		Map<String, Limit> limits = new LinkedHashMap<>();
		limits.put("rssMb", new Limit(1.5, 64));
		limits.put("threads", new Limit(1.5, 10));
		limits.put("fds", new Limit(1.5, 20));
		limits.put("serverConnectionsOpen", new Limit(2, 8));
		limits.put("poolConnections", new Limit(2, 8));
		return limits;
	}

	/** Runs every mode; 0 when no figure grew without bound, 1 when one did. */
	int run() throws IOException, InterruptedException {
		Path dir = Files.createDirectories((this.options.out != null) ? this.options.out
				: Project.root().resolve("target/demo").resolve(
						"soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		Duration duration = this.options.soakDuration;
		Duration every = duration.dividedBy(SAMPLES);
		log("soak: " + String.join(" ", this.options.modes) + ", " + Progress.format(duration) + " each at " + SENDERS
				+ " requests in flight, a sample every " + Progress.format(every) + "; files in " + dir);
		Map<String, Object> report = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		int index = 0;
		for (String mode : this.options.modes) {
			index++;
			String prefix = "[" + index + "/" + this.options.modes.size() + "] " + mode + ": ";
			log(prefix + "starting");
			try (Chain chain = Chain.builder(dir.resolve(mode), mode).start()) {
				log(prefix + "healthy; steady load for " + Progress.format(duration));
				Map<String, List<Map<String, Double>>> samples = load(chain, duration, every, prefix);
				Map<String, Object> verdicts = new LinkedHashMap<>();
				samples.forEach((service, series) -> verdicts.put(service, judge(mode, service, series, failures)));
				report.put(mode, Map.of("samples", samples, "verdicts", verdicts));
			}
		}
		report.put("limits", LIMITS);
		report.put("failures", failures);
		Files.writeString(dir.resolve("soak.json"), JSON.writeValueAsString(report));
		List<String> summary = new ArrayList<>(List.of("soak: " + String.join(" ", this.options.modes) + ", "
				+ Progress.format(duration) + " each; a figure fails when its last sample exceeds factor x its first after"
				+ " warm-up + slack and it still rises over the second half"));
		summary.addAll(failures.isEmpty() ? List.of("no figure grew without bound") : failures);
		Files.write(dir.resolve("soak.txt"), summary);
		summary.forEach(this::log);
		log("soak: " + dir.resolve("soak.json"));
		return failures.isEmpty() ? 0 : 1;
	}

	/** The steady load for {@code duration}, sampling every service every {@code every}. */
	private Map<String, List<Map<String, Double>>> load(Chain chain, Duration duration, Duration every, String prefix)
			throws InterruptedException {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(chain.publicApi().baseUrl() + "/api/chain?calls=" + this.options.calls + "&workMs="
					+ this.options.workMs))
			.timeout(Duration.ofSeconds(30))
			.build();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong sent = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		Map<String, List<Map<String, Double>>> samples = new LinkedHashMap<>();
		try {
			for (int i = 0; i < SENDERS; i++) {
				senders.execute(() -> {
					while (running.get()) {
						try {
							sent.incrementAndGet();
							if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
								failed.incrementAndGet();
							}
						}
						catch (IOException ex) {
							failed.incrementAndGet();
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				});
			}
			long start = System.nanoTime();
			for (int sample = 1; sample <= SAMPLES; sample++) {
				long due = start + every.toNanos() * sample;
				TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
				for (ServiceProcess service : chain.services()) {
					samples.computeIfAbsent(service.name(), (name) -> new ArrayList<>()).add(sample(chain, service));
				}
				Map<String, Double> entry = samples.get(chain.publicApi().name()).get(sample - 1);
				log(prefix + "sample " + sample + "/" + SAMPLES + ": " + sent.get() + " requests (" + failed.get()
						+ " failed); public-api " + Math.round(entry.get("rssMb")) + " MB, "
						+ Math.round(entry.get("threads")) + " threads, " + Math.round(entry.get("fds")) + " fds");
			}
		}
		finally {
			running.set(false);
			senders.shutdownNow();
			senders.awaitTermination(30, TimeUnit.SECONDS);
		}
		return samples;
	}

	private static Map<String, Double> sample(Chain chain, ServiceProcess service) {
		long pid = service.process().pid();
		ProcStatus status;
		try {
			status = ProcStatus.of(pid).orElseThrow(() -> new IOException("no /proc/" + pid));
		}
		catch (IOException ex) {
			throw new IllegalStateException(service.name() + " (pid " + pid + ") cannot be read in /proc", ex);
		}
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("rssMb", status.rssMb());
		figures.put("threads", (double) status.threads());
		figures.put("fds", (double) status.fds());
		String metrics = chain.get(service, "/actuator/prometheus").body();
		figures.put("serverConnectionsOpen", sum("keepalive_lab_server_connections_open", metrics));
		figures.put("poolConnections", sum("reactor_netty_connection_provider_total_connections", metrics));
		return figures;
	}

	private static double sum(String gauge, String metrics) {
		Matcher matcher = Pattern.compile("(?m)^" + gauge + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

	/** Each figure of one service: its base after the warm-up, its last sample, its slope; failures named. */
	static Map<String, Object> judge(String mode, String service, List<Map<String, Double>> series,
			List<String> failures) {
		Map<String, Object> verdicts = new LinkedHashMap<>();
		int base = (int) Math.ceil(series.size() * WARM_UP_FRACTION);
		base = Math.min(base, series.size() - 1);
		for (Map.Entry<String, Limit> figure : LIMITS.entrySet()) {
			String name = figure.getKey();
			double[] values = series.stream().mapToDouble((sample) -> sample.get(name)).toArray();
			double first = values[base];
			double last = values[values.length - 1];
			double slope = slope(values, values.length / 2);
			boolean grows = figure.getValue().exceeded(first, last, slope);
			verdicts.put(name, Map.of("afterWarmUp", first, "last", last, "slopePerSample", slope, "grows", grows));
			if (grows) {
				failures.add(mode + ": " + service + " " + name + " grew from " + first + " after warm-up to " + last
						+ " (limit " + figure.getValue().factor() + " x + " + figure.getValue().slack() + ")");
			}
		}
		return verdicts;
	}

	/** Least-squares slope of {@code values} from index {@code from} on, per sample. */
	static double slope(double[] values, int from) {
		int n = values.length - from;
		if (n < 2) {
			return 0;
		}
		double meanX = 0;
		double meanY = 0;
		for (int i = from; i < values.length; i++) {
			meanX += i;
			meanY += values[i];
		}
		meanX /= n;
		meanY /= n;
		double covariance = 0;
		double variance = 0;
		for (int i = from; i < values.length; i++) {
			covariance += (i - meanX) * (values[i] - meanY);
			variance += (i - meanX) * (i - meanX);
		}
		return covariance / variance;
	}

	private void log(String message) {
		this.out.println("[demo " + LocalTime.now().format(CLOCK) + "] " + message);
	}

}
