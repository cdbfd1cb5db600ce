package io.keepalivelab.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.keepalivelab.lab.LabRun.CannotRun;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./demo.sh --overhead}: what each hop of the lab costs, measured beside Debian's nginx as a three-hop proxy
 * chain on the same machine in the same run, with the same load driver ({@link LoadDriver}), and beside the same
 * chain on Reactor Netty without Spring ({@link ReactorNettyChain}). For each chain, the lab's on each server stack,
 * with reuse and without: p50 and p99 at one request in flight through one, two and three hops, taken in turns,
 * and the requests per second at 32 in flight through three; then what the link emulator adds to
 * a round trip, direct beside a 0 ms and a 0.5 ms link. The lab runs {@code calls=1&workMs=0} with no links: what
 * is measured is the services' own cost. A benchmark, not a test: its figures are compared as ratios within one
 * run. Writes {@code overhead.txt}, {@code overhead.json} and {@code overhead.html} into the run folder.
 */
final class Overhead {

	/** Requests in flight for the throughput figure. */
	static final int IN_FLIGHT = 32;

	static final String NGINX = "nginx";

	/** The lab's chain without Spring: {@link ReactorNettyChain}. */
	static final String REACTOR_NETTY = "reactor-netty";

	static final List<String> MODES = List.of("reuse", "no-reuse");

	static final List<Integer> HOPS = List.of(1, 2, 3);

	/** The link emulator's delays measured, one way, in milliseconds. */
	static final List<BigDecimal> LINK_DELAYS = List.of(BigDecimal.ZERO, new BigDecimal("0.5"));

	private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9][0-9,.-]*( ms| req/s|x| MiB)?");

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/** One latency figure: sequential requests at one in flight. */
	record LatencyFigure(double p50Ms, double p99Ms, long requests, long failures, long connectionsOpened) {

		static LatencyFigure of(LoadDriver.Latency latency) {
			return new LatencyFigure(latency.p50Ms(), latency.p99Ms(), latency.requests(), latency.failures(),
					latency.connections());
		}

	}

	/** One throughput figure; {@code serverAccepted} counts what nginx's stub_status saw, -1 for the lab. */
	record ThroughputFigure(int inFlight, double requestsPerSecond, long requests, double seconds, long failures,
			long connectionsOpened, long serverAccepted) {

		static ThroughputFigure of(LoadDriver.Throughput throughput, long serverAccepted) {
			return new ThroughputFigure(throughput.inFlight(), throughput.requestsPerSecond(), throughput.requests(),
					throughput.seconds(), throughput.failures(), throughput.connections(), serverAccepted);
		}

	}

	/**
	 * A system (nginx, Reactor Netty alone, or the lab on a stack) in one mode: latency by hops, throughput through
	 * three hops, and the resident memory of each of its processes once the throughput load has ended (MiB; empty
	 * without {@code /proc}).
	 */
	record Measurement(String system, String mode, Map<Integer, LatencyFigure> latency, ThroughputFigure throughput,
			long warmUpFailures, List<Double> residentMb) {

		double p50(int hops) {
			LatencyFigure figure = this.latency.get(hops);
			return (figure != null) ? figure.p50Ms() : Double.NaN;
		}

		double p99(int hops) {
			LatencyFigure figure = this.latency.get(hops);
			return (figure != null) ? figure.p99Ms() : Double.NaN;
		}

		double perAddedHop() {
			return Overhead.perAddedHop(p50(1), p50(3));
		}

		double requestsPerSecond() {
			return (this.throughput != null) ? this.throughput.requestsPerSecond() : Double.NaN;
		}

		double residentMbMin() {
			return this.residentMb.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		}

		double residentMbMax() {
			return this.residentMb.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		}

		long failures() {
			long failures = this.latency.values().stream().mapToLong(LatencyFigure::failures).sum();
			return failures + ((this.throughput != null) ? this.throughput.failures() : 0);
		}

	}

	/** One path of the link emulator's figure: direct or through a link of {@code delayMs} one way. */
	record LinkFigure(String path, BigDecimal delayMs, LatencyFigure latency) {

		/** What the emulated network alone adds to a round trip: twice the one-way delay. */
		double physicsMs() {
			return (this.delayMs == null) ? 0 : 2 * this.delayMs.doubleValue();
		}

	}

	private final LabOptions options;

	private final PrintStream out;

	private long started;

	Overhead(LabOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/** p50 per added hop: from one hop to three, two were added. */
	static double perAddedHop(double oneHop, double threeHops) {
		return (threeHops - oneHop) / 2;
	}

	/** {@code lab / nginx}; NaN where either is missing or nginx's is zero. */
	static double ratio(double lab, double nginx) {
		return (Double.isNaN(lab) || Double.isNaN(nginx) || nginx == 0) ? Double.NaN : lab / nginx;
	}

	/** Runs every measurement; 0, or 1 when a request failed during a measured phase. */
	int run() throws IOException {
		if (!NginxChain.installed()) {
			throw new CannotRun("--overhead measures the lab beside nginx, which is not installed at " + NginxChain.NGINX
					+ ": " + NginxChain.INSTALL);
		}
		Path dir = Files.createDirectories((this.options.out != null) ? this.options.out
				: Project.root().resolve("target/demo").resolve(
						"overhead-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
			.toAbsolutePath()
			.normalize();
		this.started = System.nanoTime();
		List<String> stacks = List.copyOf(this.options.stacks.keySet());
		List<String> systems = new ArrayList<>(List.of(NGINX, REACTOR_NETTY));
		stacks.forEach((stack) -> systems.add(labName(stack)));
		String loadAverage = loadAverage();
		log("overhead: " + String.join(", ", systems) + "; reuse and no-reuse; " + this.options.overheadWarmup
				+ " warm-up requests at " + IN_FLIGHT + " in flight, then per path " + this.options.overheadRequests
				+ " requests at 1 in flight, " + this.options.overheadSeconds + " s at " + IN_FLIGHT
				+ " in flight through three hops; the lab's services and the Reactor Netty hops on " + this.options.jit
				+ ", calls=1 workMs=0, no links");
		log("load average before: " + loadAverage + "; files in " + dir);
		int steps = systems.size() * MODES.size() + 1;
		int step = 0;
		List<Measurement> measurements = new ArrayList<>();
		List<LinkFigure> links = List.of();
		for (String mode : MODES) {
			step++;
			String prefix = "[" + step + "/" + steps + "] " + NGINX + " " + mode + ": ";
			try (NginxChain nginx = start(prefix, () -> NginxChain.start(dir.resolve("nginx-" + mode), mode.equals("reuse")))) {
				measurements.add(measure(prefix, NGINX, mode, nginx::through, nginx::accepted, nginx::pids));
				if (mode.equals("reuse")) {
					step++;
					links = measureLinks("[" + step + "/" + steps + "] link emulator: ", dir.resolve("link-emulator"),
							nginx.port(3));
				}
			}
		}
		for (String mode : MODES) {
			step++;
			String prefix = "[" + step + "/" + steps + "] " + REACTOR_NETTY + " " + mode + ": ";
			try (ReactorNettyChain chain = start(prefix, () -> ReactorNettyChain.start(dir.resolve(REACTOR_NETTY + "-" + mode),
					mode.equals("reuse"), this.options.serviceJvmOptions()))) {
				measurements.add(measure(prefix, REACTOR_NETTY, mode, chain::through, null, chain::pids));
			}
		}
		for (String stack : stacks) {
			for (String mode : MODES) {
				step++;
				String prefix = "[" + step + "/" + steps + "] " + labName(stack) + " " + mode + ": ";
				try (Chain chain = start(prefix, () -> Chain.builder(dir.resolve(stack.replace('/', '-') + "-" + mode), mode)
					.stacks(this.options.stacks.get(stack))
					.jvmOptions(this.options.serviceJvmOptions())
					.start())) {
					measurements.add(measure(prefix, labName(stack), mode, (hops) -> labTarget(chain, hops), null,
							() -> chain.services().stream().map(ServiceProcess::pid).toList()));
				}
			}
		}
		List<String> table = table(measurements, systems);
		List<String> linkTable = linkTable(links);
		String loadAfter = loadAverage();
		List<String> text = new ArrayList<>();
		text.add("overhead, " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage + " before, "
				+ loadAfter + " after; " + this.options.overheadWarmup + " warm-up requests, "
				+ this.options.overheadRequests + " per latency figure, " + this.options.overheadSeconds
				+ " s per throughput figure");
		text.add("");
		text.addAll(table);
		text.add("");
		text.addAll(linkTable);
		text.add("");
		text.addAll(notes());
		Files.write(dir.resolve("overhead.txt"), text);
		Files.writeString(dir.resolve("overhead.html"), html(text));
		Files.writeString(dir.resolve("overhead.json"), JSON.writeValueAsString(json(measurements, links, systems,
				loadAverage, loadAfter)));
		this.out.println();
		text.forEach(this.out::println);
		this.out.println();
		long failures = measurements.stream().mapToLong(Measurement::failures).sum()
				+ links.stream().mapToLong((link) -> link.latency().failures()).sum();
		log("overhead: " + dir.resolve("overhead.txt") + ", overhead.json and overhead.html (" + elapsed() + ")");
		if (failures > 0) {
			log("overhead: " + failures + " request(s) failed in measured phases; the figures are suspect");
			return 1;
		}
		return 0;
	}

	static String labName(String stack) {
		return "lab " + stack;
	}

	/** A system's name in a ratio column's header: the lab's stack alone. */
	static String shortName(String system) {
		return system.startsWith("lab ") ? system.substring("lab ".length()) : system;
	}

	private interface Starter<T> {

		T start();

	}

	private <T> T start(String prefix, Starter<T> starter) {
		log(prefix + "starting");
		try {
			return starter.start();
		}
		catch (RuntimeException ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : ex.toString();
			throw new CannotRun(prefix + message);
		}
	}

	private interface Targets {

		LoadDriver.Target through(int hops);

	}

	private interface Accepted {

		long count();

	}

	private interface Pids {

		List<Long> all();

	}

	/**
	 * Warm-up through three hops, latency through one, two and three, throughput through three, then the resident
	 * memory of the system's processes.
	 */
	private Measurement measure(String prefix, String system, String mode, Targets targets, Accepted accepted,
			Pids pids) {
		log(prefix + "warming up: " + this.options.overheadWarmup + " requests at " + IN_FLIGHT + " in flight ("
				+ elapsed() + ")");
		long warmUpFailures = LoadDriver.warmUp(targets.through(3), IN_FLIGHT, this.options.overheadWarmup);
		if (warmUpFailures > 0) {
			log(prefix + warmUpFailures + " warm-up request(s) failed");
		}
		// one, two and three hops in turns, so that the step from one to three is the hops' own cost
		List<LoadDriver.Latency> figures = LoadDriver.interleavedLatency(HOPS.stream().map(targets::through).toList(),
				latencyWarmUp(), this.options.overheadRequests);
		Map<Integer, LatencyFigure> latency = new LinkedHashMap<>();
		for (int index = 0; index < HOPS.size(); index++) {
			LatencyFigure figure = LatencyFigure.of(figures.get(index));
			latency.put(HOPS.get(index), figure);
			log(prefix + HOPS.get(index) + " hop(s), 1 in flight: p50 " + ms(figure.p50Ms()) + ", p99 "
					+ ms(figure.p99Ms()) + failures(figure.failures()));
		}
		long acceptedBefore = (accepted != null) ? accepted.count() : 0;
		LoadDriver.Throughput throughput = LoadDriver.throughput(targets.through(3), IN_FLIGHT,
				this.options.overheadSeconds);
		// stub_status counts its own connection too
		long serverAccepted = (accepted != null) ? accepted.count() - acceptedBefore - 1 : -1;
		ThroughputFigure figure = ThroughputFigure.of(throughput, serverAccepted);
		log(prefix + "3 hops, " + IN_FLIGHT + " in flight: " + perSecond(figure.requestsPerSecond())
				+ failures(figure.failures()) + " (" + elapsed() + ")");
		Measurement measurement = new Measurement(system, mode, latency, figure, warmUpFailures, residentMb(pids.all()));
		if (!measurement.residentMb().isEmpty()) {
			log(prefix + "resident memory after the load: "
					+ megabytes(measurement.residentMbMin(), measurement.residentMbMax()) + " per process, "
					+ measurement.residentMb().size() + " process(es)");
		}
		return measurement;
	}

	/** Each process's resident memory in MiB, for those {@code /proc} still shows. */
	private List<Double> residentMb(List<Long> pids) {
		List<Double> resident = new ArrayList<>();
		for (long pid : pids) {
			try {
				ProcStatus.of(pid).ifPresent((status) -> resident.add(status.rssMb()));
			}
			catch (IOException ex) {
				log("could not read the resident memory of process " + pid + ": " + ex.getMessage());
			}
		}
		return resident;
	}

	/** Sequential requests before each latency figure, unmeasured: the path's own code and connections warm. */
	private int latencyWarmUp() {
		return Math.max(50, this.options.overheadRequests / 5);
	}

	/** Round trips to nginx's hop3, direct and through a link of each delay, on kept-alive connections. */
	private List<LinkFigure> measureLinks(String prefix, Path dir, int target) {
		List<LinkEmulatorProcess.LinkSpec> specs = new ArrayList<>();
		Map<String, BigDecimal> delays = new LinkedHashMap<>();
		for (BigDecimal delay : LINK_DELAYS) {
			String name = "link-" + LinkEmulatorProcess.millis(delay).replace('.', '_') + "ms";
			specs.add(new LinkEmulatorProcess.LinkSpec(name, io.keepalivelab.testsupport.Ports.free(), target, delay,
					BigDecimal.ZERO));
			delays.put(name, delay);
		}
		List<LinkFigure> figures = new ArrayList<>();
		try (LinkEmulatorProcess emulator = start(prefix, () -> LinkEmulatorProcess.start(dir.resolve("link-emulator.log"),
				io.keepalivelab.testsupport.Ports.free(), specs, Map.of()))) {
			// the link emulator's JIT warms up like the services'
			for (LinkEmulatorProcess.LinkSpec spec : specs) {
				LoadDriver.warmUp(new LoadDriver.Target(spec.listenPort(), "/"), 4,
						Math.min(this.options.overheadWarmup, 5 * this.options.overheadRequests));
			}
			// direct and through each link in turns, as the hops are
			List<LoadDriver.Target> paths = new ArrayList<>(List.of(new LoadDriver.Target(target, "/")));
			specs.forEach((spec) -> paths.add(new LoadDriver.Target(spec.listenPort(), "/")));
			List<LoadDriver.Latency> latencies = LoadDriver.interleavedLatency(paths, latencyWarmUp(),
					this.options.overheadRequests);
			LatencyFigure direct = LatencyFigure.of(latencies.get(0));
			figures.add(new LinkFigure("direct", null, direct));
			log(prefix + "direct: p50 " + ms(direct.p50Ms()) + ", p99 " + ms(direct.p99Ms()));
			for (int index = 0; index < specs.size(); index++) {
				LinkEmulatorProcess.LinkSpec spec = specs.get(index);
				LatencyFigure figure = LatencyFigure.of(latencies.get(index + 1));
				String path = "through a " + LinkEmulatorProcess.millis(delays.get(spec.name())) + " ms link";
				figures.add(new LinkFigure(path, delays.get(spec.name()), figure));
				log(prefix + path + ": p50 " + ms(figure.p50Ms()) + ", p99 " + ms(figure.p99Ms())
						+ failures(figure.failures()));
			}
		}
		return figures;
	}

	private static LoadDriver.Target labTarget(Chain chain, int hops) {
		return switch (hops) {
			case 1 -> new LoadDriver.Target(chain.backend().port(), "/work?workMs=0");
			case 2 -> new LoadDriver.Target(chain.orchestration().port(), "/orchestrate?calls=1&workMs=0");
			default -> new LoadDriver.Target(chain.publicApi().port(), "/api/chain?calls=1&workMs=0");
		};
	}

	/** The comparison, a Markdown table: a row per figure, a column per system, then each lab stack / nginx. */
	static List<String> table(List<Measurement> measurements, List<String> systems) {
		List<String> labs = systems.stream().filter((system) -> !system.equals(NGINX)).toList();
		List<String> header = new ArrayList<>(List.of("", "nginx 3-hop proxy chain"));
		labs.forEach((lab) -> header.add(lab.equals(REACTOR_NETTY) ? "Reactor Netty alone, no Spring" : lab));
		labs.forEach((lab) -> header.add(shortName(lab) + " / nginx"));
		List<String> lines = new ArrayList<>();
		lines.add(row(header));
		lines.add(row(header.stream().map((cell) -> "---").toList()));
		lines.add(figureRow("p50 through 3 hops, 1 in flight, reuse", measurements, systems, "reuse", (m) -> m.p50(3),
				Overhead::ms));
		lines.add(figureRow("p99 through 3 hops, 1 in flight, reuse", measurements, systems, "reuse", (m) -> m.p99(3),
				Overhead::ms));
		lines.add(figureRow("p50 through 1 hop (nginx hop3, backend-api alone)", measurements, systems, "reuse",
				(m) -> m.p50(1), Overhead::ms));
		lines.add(figureRow("p50 through 2 hops", measurements, systems, "reuse", (m) -> m.p50(2), Overhead::ms));
		lines.add(figureRow("per added hop, p50 ((3 hops - 1 hop) / 2), reuse", measurements, systems, "reuse",
				Measurement::perAddedHop, Overhead::ms));
		lines.add(figureRow("throughput through 3 hops, " + IN_FLIGHT + " in flight, reuse", measurements, systems,
				"reuse", Measurement::requestsPerSecond, Overhead::perSecond));
		lines.add(figureRow("throughput through 3 hops, " + IN_FLIGHT + " in flight, no-reuse", measurements, systems,
				"no-reuse", Measurement::requestsPerSecond, Overhead::perSecond));
		lines.add(reuseRatioRow(measurements, systems));
		lines.add(figureRow("p50 through 3 hops, 1 in flight, no-reuse", measurements, systems, "no-reuse",
				(m) -> m.p50(3), Overhead::ms));
		lines.add(figureRow("per added hop, p50, no-reuse", measurements, systems, "no-reuse",
				Measurement::perAddedHop, Overhead::ms));
		lines.add(residentMemoryRow(measurements, systems));
		return lines;
	}

	/**
	 * The range of the processes' resident memory after the reuse throughput load: nginx's master and workers, the
	 * lab's three services. No ratio: nginx's workers serve all three hops, and the lab's JVMs one each.
	 */
	private static String residentMemoryRow(List<Measurement> measurements, List<String> systems) {
		List<String> cells = new ArrayList<>(List.of("resident memory per process after the reuse load"));
		for (String system : systems) {
			cells.add(megabytes(figure(measurements, system, "reuse", Measurement::residentMbMin),
					figure(measurements, system, "reuse", Measurement::residentMbMax)));
		}
		systems.stream().filter((system) -> !system.equals(NGINX)).forEach((lab) -> cells.add("-"));
		return row(cells);
	}

	static String megabytes(double min, double max) {
		if (Double.isNaN(min) || Double.isNaN(max)) {
			return "-";
		}
		long low = Math.round(min);
		long high = Math.round(max);
		return ((low == high) ? String.valueOf(low) : low + "-" + high) + " MiB";
	}

	/** Reuse / no-reuse throughput of each system; how much reuse buys. */
	static double reuseRatio(List<Measurement> measurements, String system) {
		return ratio(figure(measurements, system, "reuse", Measurement::requestsPerSecond),
				figure(measurements, system, "no-reuse", Measurement::requestsPerSecond));
	}

	private static String reuseRatioRow(List<Measurement> measurements, List<String> systems) {
		List<String> cells = new ArrayList<>(List.of("reuse / no-reuse throughput"));
		double nginx = reuseRatio(measurements, NGINX);
		cells.add(times(nginx));
		List<String> labs = systems.stream().filter((system) -> !system.equals(NGINX)).toList();
		labs.forEach((lab) -> cells.add(times(reuseRatio(measurements, lab))));
		labs.forEach((lab) -> cells.add(times(ratio(reuseRatio(measurements, lab), nginx))));
		return row(cells);
	}

	private static String figureRow(String label, List<Measurement> measurements, List<String> systems, String mode,
			ToDoubleFunction<Measurement> value, java.util.function.DoubleFunction<String> format) {
		List<String> cells = new ArrayList<>(List.of(label));
		double nginx = figure(measurements, NGINX, mode, value);
		cells.add(format.apply(nginx));
		List<String> labs = systems.stream().filter((system) -> !system.equals(NGINX)).toList();
		labs.forEach((lab) -> cells.add(format.apply(figure(measurements, lab, mode, value))));
		labs.forEach((lab) -> cells.add(times(ratio(figure(measurements, lab, mode, value), nginx))));
		return row(cells);
	}

	static double figure(List<Measurement> measurements, String system, String mode, ToDoubleFunction<Measurement> value) {
		return measurements.stream()
			.filter((m) -> m.system().equals(system) && m.mode().equals(mode))
			.mapToDouble(value)
			.findFirst()
			.orElse(Double.NaN);
	}

	/** The link emulator's own cost: each path's p50 and p99, what physics adds, and what is left over it. */
	static List<String> linkTable(List<LinkFigure> links) {
		List<String> lines = new ArrayList<>();
		lines.add(row(List.of("link emulator, 1 in flight, kept connection to nginx's hop3", "p50", "p99",
				"physics adds (2 x one-way delay)", "p50 - direct p50 - physics")));
		lines.add(row(List.of("---", "---", "---", "---", "---")));
		double direct = links.stream()
			.filter((link) -> link.delayMs() == null)
			.mapToDouble((link) -> link.latency().p50Ms())
			.findFirst()
			.orElse(Double.NaN);
		for (LinkFigure link : links) {
			lines.add(row(List.of(link.path(), ms(link.latency().p50Ms()), ms(link.latency().p99Ms()),
					ms(link.physicsMs()),
					(link.delayMs() == null) ? "-" : signed(linkOverhead(link.latency().p50Ms(), direct, link.physicsMs())))));
		}
		return lines;
	}

	/** What a link adds beyond the delay it emulates: its p50 minus the direct p50 minus 2 x the one-way delay. */
	static double linkOverhead(double throughLink, double direct, double physics) {
		return throughLink - direct - physics;
	}

	private static List<String> notes() {
		return List.of(
				"nginx: Debian's nginx, hop1 -> hop2 -> hop3 on loopback, hop3 answering \"ok\" itself; reuse: upstream"
						+ " keepalive " + NginxChain.UPSTREAM_KEEPALIVE + ", proxy_http_version 1.1; no-reuse: a new upstream"
						+ " connection per request.",
				"reactor-netty: three JVMs with the services' options, each a Reactor Netty server whose pooled"
						+ " client GETs the next (the lab's chain without Spring WebFlux, WebClient and the lab's code);"
						+ " no-reuse: keepAlive off, as the lab's no-reuse profile.",
				"lab: public-api -> orchestration-api -> backend-api, /api/chain?calls=1&workMs=0, no links; 1 hop is"
						+ " backend-api's /work alone, 2 hops orchestration-api's /orchestrate.",
				"The same load driver for all: raw HTTP/1.1 on kept-alive connections (a new one only when the server"
						+ " closes one: Tomcat after 100 requests). Ratios are each chain / nginx: above 1 for latency means"
						+ " that chain is slower, below 1 for throughput that it serves less.");
	}

	private Map<String, Object> json(List<Measurement> measurements, List<LinkFigure> links, List<String> systems,
			String loadBefore, String loadAfter) {
		Map<String, Object> json = new LinkedHashMap<>();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("date", ZonedDateTime.now(ZoneOffset.UTC).toString());
		settings.put("cores", Runtime.getRuntime().availableProcessors());
		settings.put("loadAverageBefore", loadBefore);
		settings.put("loadAverageAfter", loadAfter);
		settings.put("warmupRequests", this.options.overheadWarmup);
		settings.put("latencyRequests", this.options.overheadRequests);
		settings.put("latencyWarmupRequests", latencyWarmUp());
		settings.put("throughputSeconds", this.options.overheadSeconds);
		settings.put("inFlight", IN_FLIGHT);
		settings.put("jit", this.options.jit);
		settings.put("labPath", "/api/chain?calls=1&workMs=0");
		settings.put("systems", systems);
		json.put("settings", settings);
		json.put("measurements", measurements);
		Map<String, Object> ratios = new LinkedHashMap<>();
		for (String system : systems) {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("p50ThreeHopsMs", figure(measurements, system, "reuse", (m) -> m.p50(3)));
			figures.put("perAddedHopMs", figure(measurements, system, "reuse", Measurement::perAddedHop));
			figures.put("perAddedHopNoReuseMs", figure(measurements, system, "no-reuse", Measurement::perAddedHop));
			figures.put("throughputReuse", figure(measurements, system, "reuse", Measurement::requestsPerSecond));
			figures.put("throughputNoReuse", figure(measurements, system, "no-reuse", Measurement::requestsPerSecond));
			figures.put("reuseOverNoReuseThroughput", reuseRatio(measurements, system));
			figures.put("residentMbMaxAfterReuseLoad", figure(measurements, system, "reuse", Measurement::residentMbMax));
			if (!system.equals(NGINX)) {
				figures.put("p50ThreeHopsOverNginx", ratio(figure(measurements, system, "reuse", (m) -> m.p50(3)),
						figure(measurements, NGINX, "reuse", (m) -> m.p50(3))));
				figures.put("throughputOverNginx", ratio(figure(measurements, system, "reuse", Measurement::requestsPerSecond),
						figure(measurements, NGINX, "reuse", Measurement::requestsPerSecond)));
				figures.put("reuseRatioOverNginx", ratio(reuseRatio(measurements, system), reuseRatio(measurements, NGINX)));
			}
			ratios.put(system, finite(figures));
		}
		json.put("summary", ratios);
		json.put("linkEmulator", links);
		return json;
	}

	/**
	 * {@code overhead.txt} as a self-contained page in the report's style: its Markdown tables as tables, numbers
	 * right-aligned, the other lines as paragraphs.
	 */
	static String html(List<String> text) {
		StringBuilder html = new StringBuilder("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<title>keepalive-lab: overhead beside nginx</title>
				<style>
				body { font-family: sans-serif; margin: 1em 2em; color: #222; max-width: 1300px; }
				h1 { font-size: 1.4em; margin: 0 0 0.4em 0; }
				table { border-collapse: collapse; margin: 0.8em 0; }
				th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }
				th { background: #eee; }
				td.number { text-align: right; font-variant-numeric: tabular-nums; }
				.note { color: #555; font-size: 0.9em; max-width: 60em; }
				</style>
				</head>
				<body>
				<h1>keepalive-lab: what each hop costs, beside nginx</h1>
				""");
		boolean inTable = false;
		boolean header = false;
		for (String line : text) {
			if (line.startsWith("|")) {
				List<String> cells = Stream.of(line.substring(1, line.length() - 1).split("\\|", -1))
					.map(String::strip)
					.toList();
				if (!inTable) {
					html.append("<table>\n");
					inTable = true;
					header = true;
				}
				if (cells.stream().allMatch("---"::equals)) {
					continue;
				}
				html.append("<tr>");
				for (String cell : cells) {
					String tag = header ? "th" : "td";
					String css = (!header && NUMBER.matcher(cell).matches()) ? " class=\"number\"" : "";
					html.append('<').append(tag).append(css).append('>').append(escape(cell)).append("</").append(tag)
						.append('>');
				}
				html.append("</tr>\n");
				header = false;
				continue;
			}
			if (inTable) {
				html.append("</table>\n");
				inTable = false;
			}
			if (!line.isBlank()) {
				html.append("<p class=\"note\">").append(escape(line)).append("</p>\n");
			}
		}
		if (inTable) {
			html.append("</table>\n");
		}
		return html.append("</body>\n</html>\n").toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** JSON has no NaN: a figure that could not be computed is null. */
	private static Map<String, Object> finite(Map<String, Object> figures) {
		figures.replaceAll((name, value) -> (value instanceof Double d && d.isNaN()) ? null : value);
		return figures;
	}

	private static String row(List<String> cells) {
		return "| " + String.join(" | ", cells) + " |";
	}

	static String ms(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		return String.format(Locale.ROOT, (Math.abs(value) < 1) ? "%.3f ms" : "%.2f ms", value);
	}

	private static String signed(double value) {
		return Double.isNaN(value) ? "-" : ((value >= 0) ? "+" : "") + ms(value);
	}

	static String perSecond(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,d req/s", Math.round(value));
	}

	static String times(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		// a throughput a tenth of nginx's or less still shows its first two digits
		return String.format(Locale.ROOT, (Math.abs(value) < 0.1) ? "%.3fx" : "%.2fx", value);
	}

	private static String failures(long failures) {
		return (failures > 0) ? " (" + failures + " failed)" : "";
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private String elapsed() {
		return Progress.format(Duration.ofNanos(System.nanoTime() - this.started)) + " elapsed";
	}

	private void log(String message) {
		this.out.println("[demo " + LocalTime.now().format(CLOCK) + "] " + message);
	}

}
