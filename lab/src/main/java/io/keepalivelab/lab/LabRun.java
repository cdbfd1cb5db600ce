package io.keepalivelab.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.keepalivelab.load.FaultSettings;
import io.keepalivelab.load.LatencyLog;
import io.keepalivelab.load.MachineFloor;
import io.keepalivelab.load.Prediction;
import io.keepalivelab.load.ScenarioSettings;
import io.keepalivelab.load.Transport;
import io.keepalivelab.testsupport.Certificates;
import io.keepalivelab.testsupport.Ports;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of {@code ./demo.sh}: every scenario in turn, each on a chain of its own behind the links, warmed
 * up, loaded by Gatling (with the fault's actions while it runs), its counters read before and after the
 * load; then the comparison report over them all.
 */
final class LabRun {

	/** Writes scenario.json and fault.json from their records. */
	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	/** Each service's resident memory after the measured load, in MiB by service name. */
	static final String RESIDENT_MEMORY_FILE = "resident-memory.json";

	/** Gatling says this once its simulation has started; the measured phase begins a warm-up later. */
	private static final Pattern SIMULATION_STARTED = Pattern.compile("(?m)^ChainSimulation: ");

	/** Gatling's own warm-up before the floor's measured seconds: the services are warm already. */
	private static final int FLOOR_WARMUP_SECONDS = 2;

	/** Calls of the backend alone, after a quarter as many unmeasured ones. */
	private static final int BACKEND_ALONE_REQUESTS = 200;

	/** Gatling's exit status when requests failed, which a fault run provokes on purpose: the report judges it. */
	private static final int REQUESTS_FAILED = 2;

	private final LabOptions options;

	private final PrintStream out;

	private final boolean terminal = System.console() != null;

	private final ChainPorts ports;

	private Path runDir;

	private Path tlsDir;

	private Progress progress;

	LabRun(LabOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
		this.ports = ChainPorts.fromBase(options.basePort);
	}

	/** Runs every scenario and the report; the exit status: 1 when a scenario's Gatling failed, else the report's. */
	int run() throws IOException, InterruptedException {
		this.runDir = Files.createDirectories((this.options.out != null) ? this.options.out
				: Project.root().resolve("target/demo").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
			.toAbsolutePath()
			.normalize();
		for (int port : this.ports.all()) {
			if (inUse(port)) {
				throw new CannotRun("port " + port + " is already in use: stop what runs there or pass --base-port");
			}
		}
		if (this.options.transports.stream().map(LabRun::transport).anyMatch(Transport::tls)) {
			try {
				this.tlsDir = Certificates.make(Project.root(), this.runDir.resolve("tls"));
			}
			catch (RuntimeException ex) {
				throw new CannotRun("could not make the throwaway certificates");
			}
		}
		List<Scenario> scenarios = Scenario.of(this.options, this::log);
		if (scenarios.isEmpty()) {
			throw new CannotRun("no fault scenario left to run on --stacks " + String.join(" ", this.options.stacks.keySet()));
		}
		log("writing to " + this.runDir);
		String linkText = this.options.links ? "links: customer " + this.options.customerDelay + " ms, internal "
				+ this.options.internalDelay + " ms one-way, jitter " + this.options.jitter + " ms"
				: "no links (bare loopback)";
		log(scenarios.size() + " scenario(s): " + String.join(" ", scenarios.stream().map(Scenario::name).toList()));
		if (this.options.faultRun()) {
			log("faults: reuse profile, plain HTTP/1.1; " + linkText);
		}
		else {
			String load = (this.options.rate != null) ? this.options.rate + " requests/s arriving (open model)"
					: this.options.users + " users";
			String floor = (this.options.floorSeconds > 0)
					? "; before each, " + this.options.floorSeconds + "s with every link at 0 ms (the machine's floor)" : "";
			log(load + ", " + this.options.warmup + "s warm-up + " + this.options.duration + "s measured, calls="
					+ this.options.calls + " workMs=" + this.options.workMs + ", services on " + this.options.jit + "; "
					+ linkText + floor);
		}
		if (this.options.requestLimit != null) {
			log("orchestration-api and backend-api close each connection after " + this.options.requestLimit
					+ " requests");
		}
		if (!this.options.stacks.keySet().equals(Set.of(Stacks.NETTY))) {
			log("server stacks, one chain each (public-api/orchestration-api/backend-api): "
					+ String.join(", ", this.options.stacks.keySet()));
		}
		this.progress = new Progress(scenarios.stream().map(this::loadSeconds).toList(), this.options.jitWarmupRequests());
		List<String> failed = new ArrayList<>();
		for (int i = 0; i < scenarios.size(); i++) {
			this.progress.scenarioStarted(i);
			Scenario scenario = scenarios.get(i);
			if (!runScenario("[" + (i + 1) + "/" + scenarios.size() + "] " + scenario.name() + ": ", scenario)) {
				failed.add(scenario.name());
			}
			this.progress.scenarioDone();
		}
		log("comparison:");
		int report = Gatling.report(this.runDir, scenarios.stream().map(Scenario::name).toList(),
				this.options.reportOptions(), ProcessBuilder.Redirect.INHERIT);
		log("report: " + this.runDir.resolve("report.html"));
		if (!failed.isEmpty()) {
			log("failed scenarios: " + String.join(" ", failed));
			return 1;
		}
		return report;
	}

	/** Runs one scenario; false when its Gatling run failed. */
	private boolean runScenario(String prefix, Scenario scenario) throws IOException, InterruptedException {
		Path dir = this.runDir.resolve(scenario.name());
		Path logs = Files.createDirectories(dir.resolve("logs"));
		Files.createDirectories(dir.resolve("connections"));
		Files.createDirectories(dir.resolve("metrics"));
		Transport transport = transport(scenario.transport());
		boolean keepAlive = scenario.faultRun() || this.options.keepAliveIn(scenario.mode());
		Chain.Builder chain = Chain.builder(logs, scenario.profiles())
			.stacks(scenario.stacks())
			.ports(this.ports)
			.tlsDir(this.tlsDir)
			.jvmOptions(this.options.serviceJvmOptions());
		if (transport.tls()) {
			chain.args("--keepalive-lab.client.tls.session-resumption=" + this.options.tlsResumption.equals("on"));
		}
		Links links = Links.of(new BigDecimal(this.options.customerDelay), new BigDecimal(this.options.internalDelay),
				new BigDecimal(this.options.jitter));
		Load load;
		if (scenario.faultRun()) {
			Fault fault = scenario.fault();
			for (Service service : Service.values()) {
				chain.args(service, fault.args(service, scenario.stacks().backend(), scenario.configuration()));
			}
			links = fault.links(links);
			load = fault.load();
			write(dir.resolve(FaultSettings.FILE_NAME), fault.settings(scenario.configuration()));
			String stacks = this.options.stacks.keySet().equals(Set.of(Stacks.NETTY)) ? ""
					: " (stacks " + scenario.stacks() + ")";
			phase(prefix + fault.description() + stacks);
		}
		else {
			load = new Load(this.options.users, this.options.duration, this.options.warmup, Service.PUBLIC_API, null,
					0, 0).rate(this.options.rate);
			if (this.options.requestLimit != null) {
				// Not public-api: the load generator's reconnects would add the customer's handshake to every group.
				List<String> limit = List.of("--server.netty.max-keep-alive-requests=" + this.options.requestLimit,
						"--server.tomcat.max-keep-alive-requests=" + this.options.requestLimit);
				chain.args(Service.ORCHESTRATION_API, limit).args(Service.BACKEND_API, limit);
			}
			write(dir.resolve(ScenarioSettings.FILE_NAME), ScenarioFile.of(scenario, this.options));
			String stacks = scenario.stacks().uniform() ? "," + scenario.stacks() : " + stack per service " + scenario.stacks();
			phase(prefix + "starting (profiles " + scenario.profiles() + stacks + ", load generator keep-alive "
					+ keepAlive + ")");
		}
		if (this.options.links) {
			chain.links(links);
		}
		try (Chain started = start(chain)) {
			phase(prefix + "healthy; " + this.options.jitWarmupRequests() + " requests to warm up the JIT");
			warmUpJit(started, transport);
			if (!scenario.faultRun() && this.options.floorSeconds > 0) {
				phase(prefix + "the machine's floor: " + this.options.floorSeconds
						+ "s at the same request rate with every link at 0 ms");
				measureFloor(started, dir.resolve(MachineFloor.DIRECTORY), transport, keepAlive, links,
						floorRate(ScenarioFile.of(scenario, this.options).settings()));
			}
			collect(started, dir, true);
			phase(prefix + "running Gatling (log: " + dir.resolve("gatling.log") + ")");
			int status = runGatling(started, dir, transport, keepAlive, load,
					scenario.faultRun() ? scenario.fault().actions() : List.of());
			boolean passed = status == 0 || (scenario.faultRun() && status == REQUESTS_FAILED);
			if (!passed) {
				log(prefix + "Gatling failed; see " + dir.resolve("gatling.log"));
			}
			collect(started, dir, false);
			residentMemory(prefix, started, dir);
			return passed;
		}
	}

	private static Chain start(Chain.Builder chain) {
		try {
			return chain.start();
		}
		catch (RuntimeException ex) {
			throw new CannotRun(firstLine(ex.getMessage()));
		}
	}

	/**
	 * A cold JVM interprets the code the measurement is about: a burst of requests straight to public-api (not
	 * through the customer link, so it is quick), four at a time, lets the JIT compile it first.
	 */
	private void warmUpJit(Chain chain, Transport transport) throws InterruptedException {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(transport == Transport.H2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
		if (transport.tls()) {
			builder.sslContext(chain.http().sslContext());
		}
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(chain.publicApi().baseUrl() + "/api/chain?calls=" + this.options.calls + "&workMs=0"))
			.timeout(Duration.ofSeconds(30))
			.build();
		AtomicInteger left = new AtomicInteger(this.options.jitWarmupRequests());
		AtomicInteger failed = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(4);
		HttpClient http = builder.build();
		try {
			for (int i = 0; i < 4; i++) {
				senders.execute(() -> {
					while (left.getAndDecrement() > 0) {
						try {
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
			senders.shutdown();
			senders.awaitTermination(10, TimeUnit.MINUTES);
		}
		finally {
			senders.shutdownNow();
		}
		if (failed.get() > 0) {
			log("  JIT warm-up: some requests failed (the measurement will tell)");
		}
	}

	/**
	 * What the machine adds besides the network, into {@code floorDir}: Gatling at the same request rate with every
	 * link at 0 ms (its latency.hlog), then the backend's work timer alone; the links get their delays back before the
	 * measured phase. A floor run that fails leaves no latency.hlog, so the report shows no floor rather than a wrong one.
	 */
	private void measureFloor(Chain chain, Path floorDir, Transport transport, boolean keepAlive, Links links,
			int ratePerSecond) throws IOException, InterruptedException {
		Files.createDirectories(floorDir);
		for (Service service : Service.values()) {
			chain.links().delay(service.linkInFront(), BigDecimal.ZERO, BigDecimal.ZERO);
		}
		try {
			Load floor = new Load(this.options.users, this.options.floorSeconds, FLOOR_WARMUP_SECONDS, Service.PUBLIC_API,
					null, 0, 0).rate(ratePerSecond);
			if (runGatling(chain, floorDir, transport, keepAlive, floor, List.of()) != 0) {
				Files.deleteIfExists(floorDir.resolve(LatencyLog.FILE_NAME));
				log("  the floor's Gatling run failed (see " + floorDir.resolve("gatling.log") + "): no floor");
			}
		}
		finally {
			for (Service service : Service.values()) {
				chain.links().delay(service.linkInFront(), links.delayOf(service), links.jitterMs());
			}
		}
		measureBackendAlone(chain, floorDir.resolve(MachineFloor.BackendAlone.FILE_NAME));
	}

	/**
	 * The floor's requests a second: the run's --rate, or as many as the closed model's users send when each request
	 * takes what the network predicts. The same users at 0 ms would send several times as many and load the CPU the
	 * floor measures more than the measured phase does.
	 */
	private int floorRate(ScenarioSettings settings) {
		if (this.options.rate != null) {
			return this.options.rate;
		}
		double predictedMs = Prediction.of(settings, (hop) -> false).totalMs();
		return (int) Math.max(1, Math.round(this.options.users * 1000 / Math.max(1, predictedMs)));
	}

	/** The backend's {@code /work} called directly, one request at a time: its timer and one loopback exchange. */
	private void measureBackendAlone(Chain chain, Path file) {
		String path = "/work?workMs=" + this.options.workMs;
		ServiceProcess backend = chain.service(Service.BACKEND_API);
		long[] micros = new long[BACKEND_ALONE_REQUESTS];
		try {
			for (int i = -BACKEND_ALONE_REQUESTS / 4; i < BACKEND_ALONE_REQUESTS; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = chain.get(backend, path);
				long took = System.nanoTime() - start;
				if (response.statusCode() != 200) {
					throw new IOException("status " + response.statusCode());
				}
				if (i >= 0) {
					micros[i] = TimeUnit.NANOSECONDS.toMicros(took);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			log("  could not call backend-api's " + path + " alone: " + firstLine(ex.getMessage()));
			return;
		}
		Arrays.sort(micros);
		write(file, new MachineFloor.BackendAlone(this.options.workMs, micros.length,
				micros[micros.length / 2] / 1000.0, micros[(int) Math.ceil(micros.length * 0.99) - 1] / 1000.0));
	}

	/**
	 * Every service's counters, its metrics after the load, and the links' counters: read once just before
	 * the load (into connections/before and links-before.json, which the report subtracts, so the JIT
	 * warm-up does not count) and once after it.
	 */
	private void collect(Chain chain, Path dir, boolean before) {
		Path connections = before ? dir.resolve("connections/before") : dir.resolve("connections");
		try {
			Files.createDirectories(connections);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (ServiceProcess service : chain.services()) {
			read(chain, service, "/actuator/connections", connections.resolve(service.name() + ".json"),
					"could not read " + service.name() + "'s connections");
			if (!before) {
				read(chain, service, "/actuator/prometheus", dir.resolve("metrics").resolve(service.name() + ".prom"),
						"could not read " + service.name() + "'s metrics");
			}
		}
		if (chain.hasLinks()) {
			try {
				Files.writeString(dir.resolve(before ? "links-before.json" : "links.json"), chain.links().linksJson());
			}
			catch (IOException | RuntimeException ex) {
				log("could not read the links' counters");
			}
		}
	}

	/**
	 * Each service's resident memory once the load has ended, into {@code resident-memory.json} (MiB per service)
	 * and the progress output; nothing where there is no {@code /proc}.
	 */
	private void residentMemory(String prefix, Chain chain, Path dir) {
		Map<String, Long> megabytes = new LinkedHashMap<>();
		for (ServiceProcess service : chain.services()) {
			try {
				ProcStatus.of(service.pid()).ifPresent(status -> megabytes.put(service.name(), Math.round(status.rssMb())));
			}
			catch (IOException ex) {
				log("could not read " + service.name() + "'s resident memory");
			}
		}
		if (!megabytes.isEmpty()) {
			write(dir.resolve(RESIDENT_MEMORY_FILE), megabytes);
			log(prefix + "resident memory after the load: " + megabytes.entrySet().stream()
				.map(entry -> entry.getKey() + " " + entry.getValue() + " MiB")
				.collect(Collectors.joining(", ")));
		}
	}

	private void read(Chain chain, ServiceProcess service, String path, Path file, String failure) {
		try {
			HttpResponse<String> response = chain.get(service, path);
			if (response.statusCode() != 200) {
				throw new IOException("status " + response.statusCode());
			}
			Files.writeString(file, response.body());
		}
		catch (IOException | RuntimeException ex) {
			log(failure);
		}
	}

	/** Runs Gatling as a child JVM, with the fault's actions at their seconds of the measured phase. */
	private int runGatling(Chain chain, Path dir, Transport transport, boolean keepAlive, Load load,
			List<FaultAction> actions) throws IOException, InterruptedException {
		List<String> properties = new ArrayList<>();
		if (transport.tls()) {
			properties.addAll(List.of("-Dgatling.ssl.trustStore.file=" + this.tlsDir.resolve("trust.p12"),
					"-Dgatling.ssl.trustStore.password=changeit", "-Dgatling.ssl.trustStore.type=PKCS12",
					"-Dgatling.ssl.enabledProtocols.0=" + (transport == Transport.TLS12 ? "TLSv1.2" : "TLSv1.3")));
		}
		if (load.path() != null) {
			properties.add("-Dpath=" + load.path());
		}
		String target = (load.target() == Service.PUBLIC_API) ? chain.urlOf(Service.PUBLIC_API)
				: chain.service(load.target()).baseUrl();
		properties.addAll(List.of("-DbaseUrl=" + target, "-Dusers=" + load.users(),
				"-DdurationSeconds=" + load.durationSeconds(), "-DwarmupSeconds=" + load.warmupSeconds(),
				"-Dcalls=" + this.options.calls, "-DworkMs=" + this.options.workMs, "-DkeepAlive=" + keepAlive,
				"-Dhttp2=" + (transport == Transport.H2), "-DpauseMs=" + load.pauseMs(),
				"-DpauseJitterMs=" + load.pauseJitterMs()));
		if (load.ratePerSecond() > 0) {
			properties.add("-Drate=" + load.ratePerSecond());
		}
		Path log = dir.resolve("gatling.log");
		Process gatling = Gatling.start(dir, log, properties);
		try {
			return awaitGatling(chain, gatling, log, load, new LinkedList<>(actions));
		}
		finally {
			Processes.stop(List.of(gatling));
		}
	}

	private int awaitGatling(Chain chain, Process gatling, Path log, Load load, LinkedList<FaultAction> pending)
			throws IOException, InterruptedException {
		int total = load.warmupSeconds() + load.durationSeconds();
		// the load's seconds count from the simulation's start, not from the start of Gatling's JVM
		long loadStarted = -1;
		long measuredFrom = -1;
		long shown = -1;
		while (!gatling.waitFor(250, TimeUnit.MILLISECONDS)) {
			long now = System.nanoTime();
			if (loadStarted < 0 && SIMULATION_STARTED.matcher(Files.readString(log)).find()) {
				loadStarted = now;
				measuredFrom = now + TimeUnit.SECONDS.toNanos(load.warmupSeconds());
			}
			if (loadStarted < 0) {
				continue;
			}
			long second = TimeUnit.NANOSECONDS.toSeconds(now - measuredFrom);
			while (!pending.isEmpty() && now >= measuredFrom && second >= pending.peek().second()) {
				act(chain, pending.poll(), second);
			}
			long elapsed = TimeUnit.NANOSECONDS.toSeconds(now - loadStarted);
			if (elapsed != shown) {
				shown = elapsed;
				if (this.terminal) {
					this.out.printf("\r[demo %s]   load: %3ds of ~%ds", LocalTime.now().format(CLOCK), elapsed, total);
				}
				else if (elapsed > 0 && elapsed % 10 == 0) {
					log("  load: " + elapsed + "s of ~" + total + "s");
				}
			}
		}
		if (this.terminal) {
			this.out.println();
		}
		return gatling.exitValue();
	}

	private void act(Chain chain, FaultAction action, long second) {
		if (this.terminal) {
			this.out.println();
		}
		log("  at " + second + "s: " + action);
		try {
			switch (action.kind()) {
				case FREEZE -> chain.links().freeze(action.link(), action.duration());
				case KILL_BACKEND -> chain.kill(Service.BACKEND_API);
				case START_BACKEND -> chain.relaunch(Service.BACKEND_API);
			}
		}
		catch (RuntimeException ex) {
			log("  " + action + " failed: " + firstLine(ex.getMessage()));
		}
	}

	private int loadSeconds(Scenario scenario) {
		if (scenario.faultRun()) {
			Load load = scenario.fault().load();
			return load.warmupSeconds() + load.durationSeconds();
		}
		int floor = (this.options.floorSeconds > 0) ? FLOOR_WARMUP_SECONDS + this.options.floorSeconds : 0;
		return this.options.warmup + this.options.duration + floor;
	}

	private void write(Path file, Object value) {
		JSON.writeValue(file.toFile(), value);
	}

	private void phase(String message) {
		log(message + " (" + this.progress.status() + ")");
	}

	void log(String message) {
		this.out.println("[demo " + LocalTime.now().format(CLOCK) + "] " + message);
	}

	static Transport transport(String id) {
		return Stream.of(Transport.values()).filter((t) -> t.id().equals(id)).findFirst().orElseThrow();
	}

	/** Whether something listens on {@code port}; a port that neither accepts nor refuses counts as taken. */
	private static boolean inUse(int port) {
		try {
			return Ports.accepts(port);
		}
		catch (UncheckedIOException ex) {
			return true;
		}
	}

	private static String firstLine(String message) {
		return (message == null) ? "failed" : message.lines().findFirst().orElse(message);
	}

	/** What keeps the run from going on (a port in use, a chain that does not start): exit status 2. */
	static final class CannotRun extends RuntimeException {

		CannotRun(String message) {
			super(message, null, false, false);
		}

	}

}
