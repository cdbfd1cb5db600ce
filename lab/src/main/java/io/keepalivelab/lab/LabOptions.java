package io.keepalivelab.lab;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.keepalivelab.load.ComparisonReport;
import io.keepalivelab.load.Gates;
import io.keepalivelab.load.ReuseMode;
import io.keepalivelab.load.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code ./demo.sh}. Options are setters, so picocli applies them in the order given
 * (a later {@code --modes} overrides {@code --all}) and each value is checked as it is read; {@link #resolve}
 * then checks the lists and fills in the defaults that depend on other options. A bad value is a
 * {@link BadOption}: its message, exit status 2.
 */
@Command(name = "demo.sh", usageHelpAutoWidth = false)
public final class LabOptions {

	public static final List<String> ALL_MODES = Stream.of(ReuseMode.values()).map(ReuseMode::id).toList();

	public static final List<String> ALL_TRANSPORTS = Stream.of(Transport.values()).map(Transport::id).toList();

	public static final List<String> MATRIX_TRANSPORTS = List.of("plain", "tls12", "tls13", "h2");

	static final int DEFAULT_CALLS = 2;

	static final int DEFAULT_WORK_MS = 10;

	static final String DEFAULT_CUSTOMER_DELAY = "15";

	static final String DEFAULT_INTERNAL_DELAY = "0.5";

	static final String DEFAULT_JITTER = "0";

	static final int DEFAULT_BASE_PORT = 8080;

	private static final Pattern INTEGER = Pattern.compile("[0-9]+");

	private static final Pattern MILLISECONDS = Pattern.compile("(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?");

	List<String> modes = List.of("reuse", "no-reuse");

	List<String> transports = List.of("plain");

	List<String> stackItems = List.of(Stacks.NETTY);

	boolean matrix;

	Integer users;

	Integer duration;

	Integer warmup;

	/** The report's gates, as it takes them ({@code --assert-reuse=...}, {@code --assert-p50=...}). */
	List<String> gates = new ArrayList<>();

	/** {@code --rate N}: requests a second arriving whatever the answers (the open model); null: the closed model. */
	Integer rate;

	/** {@code --target URL}: a service of one's own to load and hold to the reuse gates, see {@link TargetCheck}. */
	URI target;

	/** Where the target's counters are, when not at its own {@code /actuator/connections} or {@code /actuator/prometheus}. */
	URI targetMetrics;

	/** The target's reuse gates, {@code DOWNSTREAM<=MAX}; filled by {@link #resolve}. */
	List<String> targetGates = List.of();

	/** The options given on the command line, by their longest name; set by {@link LabCommand#parse}. */
	Set<String> given = Set.of();

	/** What a target check takes; every other option belongs to the lab's own chain. */
	static final Set<String> TARGET_OPTIONS = Set.of("--target", "--target-metrics", "--users", "--rate", "--duration",
			"--warmup", "--assert-reuse", "--client-keepalive", "--out");

	/** {@code --compare DIR}: an earlier run whose scenarios the report sets this run's beside. */
	Path compare;

	/** Requests orchestration-api's and backend-api's servers let a connection carry; null: the stack's own. */
	Integer requestLimit;

	/** Seconds at the same request rate with every link at 0 ms before each scenario's measured phase; 0: none. */
	Integer floorSeconds;

	/** The services' bound on calls x workMs (connection-kit's ChainParameters.MAX_TOTAL_WORK_MS). */
	static final int MAX_TOTAL_WORK_MS = 30_000;

	int calls = DEFAULT_CALLS;

	int workMs = DEFAULT_WORK_MS;

	String clientKeepAlive = "auto";

	String customerDelay = DEFAULT_CUSTOMER_DELAY;

	String internalDelay = DEFAULT_INTERNAL_DELAY;

	String jitter = DEFAULT_JITTER;

	String tlsResumption = "on";

	boolean links = true;

	int basePort = DEFAULT_BASE_PORT;

	Path out;

	boolean rebuild;

	List<String> faults = List.of();

	String jit;

	boolean help;

	/** {@code --soak}: a long steady run per reuse mode instead of the scenarios, see {@link Soak}. */
	boolean soak;

	static final Duration DEFAULT_SOAK_DURATION = Duration.ofMinutes(10);

	static final Duration MIN_SOAK_DURATION = Duration.ofSeconds(10);

	static final Duration MAX_SOAK_DURATION = Duration.ofHours(24);

	private static final Pattern SOAK_DURATION = Pattern.compile("([1-9][0-9]{0,5})([smh])");

	Duration soakDuration = DEFAULT_SOAK_DURATION;

	/** {@code --overhead}: the lab's chain measured beside an nginx chain instead of the scenarios, see {@link Overhead}. */
	boolean overhead;

	static final int DEFAULT_OVERHEAD_WARMUP = 30_000;

	static final int DEFAULT_OVERHEAD_REQUESTS = 5_000;

	static final int DEFAULT_OVERHEAD_SECONDS = 10;

	/** {@code --overhead-quick}: sizes that check the benchmark runs, in about a minute and a half; no figures to publish. */
	static final List<Integer> QUICK_OVERHEAD = List.of(2_000, 300, 2);

	private boolean overheadQuick;

	private Integer overheadWarmupChosen;

	private Integer overheadRequestsChosen;

	private Integer overheadSecondsChosen;

	/** Warm-up requests at 32 in flight, per system and mode; filled by {@link #resolve}. */
	int overheadWarmup;

	/** Requests per latency figure at 1 in flight; filled by {@link #resolve}. */
	int overheadRequests;

	/** Seconds per throughput figure at 32 in flight; filled by {@link #resolve}. */
	int overheadSeconds;

	/** Whether the modes were chosen; a soak otherwise runs all four. */
	private boolean modesChosen;

	/** Whether the stacks were chosen; an overhead run otherwise measures both. */
	private boolean stacksChosen;

	/** Each {@code --stacks} item's chain, by its name; filled by {@link #resolve}. */
	Map<String, Stacks> stacks;

	@Option(names = "--modes", paramLabel = "LIST")
	void modes(String value) {
		this.modesChosen = true;
		this.modes = list(needed("--modes", value));
	}

	@Option(names = "--scenarios", paramLabel = "LIST")
	void scenarios(String value) {
		this.modesChosen = true;
		this.modes = list(needed("--scenarios", value));
	}

	@Option(names = "--all")
	void all(boolean all) {
		this.modesChosen = true;
		this.modes = ALL_MODES;
	}

	@Option(names = "--transports", paramLabel = "LIST")
	void transports(String value) {
		this.transports = list(needed("--transports", value));
	}

	@Option(names = "--stacks", paramLabel = "LIST")
	void stacks(String value) {
		this.stacksChosen = true;
		this.stackItems = list(needed("--stacks", value));
	}

	@Option(names = "--matrix")
	void matrix(boolean matrix) {
		this.matrix = true;
		this.modes = ALL_MODES;
		this.transports = MATRIX_TRANSPORTS;
	}

	@Option(names = "--soak")
	void soak(boolean soak) {
		this.soak = true;
	}

	@Option(names = "--soak-duration", paramLabel = "DURATION")
	void soakDuration(String value) {
		Matcher matcher = SOAK_DURATION.matcher(needed("--soak-duration", value));
		Duration duration = null;
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			duration = switch (matcher.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		if (duration == null || duration.compareTo(MIN_SOAK_DURATION) < 0 || duration.compareTo(MAX_SOAK_DURATION) > 0) {
			throw new BadOption("--soak-duration must be a duration such as 90s, 10m or 2h, from 10s to 24h, got '" + value
					+ "'");
		}
		this.soakDuration = duration;
	}

	@Option(names = "--overhead")
	void overhead(boolean overhead) {
		this.overhead = true;
	}

	@Option(names = "--overhead-quick")
	void overheadQuick(boolean quick) {
		this.overhead = true;
		this.overheadQuick = true;
	}

	@Option(names = "--overhead-warmup", paramLabel = "N")
	void overheadWarmup(String value) {
		this.overheadWarmupChosen = bounded("--overhead-warmup", value, 0, 1_000_000);
	}

	@Option(names = "--overhead-requests", paramLabel = "N")
	void overheadRequests(String value) {
		this.overheadRequestsChosen = bounded("--overhead-requests", value, 100, 1_000_000);
	}

	@Option(names = "--overhead-seconds", paramLabel = "SECONDS")
	void overheadSeconds(String value) {
		this.overheadSecondsChosen = bounded("--overhead-seconds", value, 1, 600);
	}

	@Option(names = "--users", paramLabel = "N")
	void users(String value) {
		this.users = bounded("--users", value, 1, 64);
	}

	@Option(names = "--duration", paramLabel = "SECONDS")
	void duration(String value) {
		this.duration = bounded("--duration", value, 1, 600);
	}

	@Option(names = "--warmup", paramLabel = "SECONDS")
	void warmup(String value) {
		this.warmup = bounded("--warmup", value, 0, 120);
	}

	@Option(names = "--assert-reuse", paramLabel = "HOP<=MAX")
	void assertReuse(String value) {
		gate(Gates.REUSE_OPTION + needed("--assert-reuse", value));
	}

	@Option(names = "--assert-p50", paramLabel = "RATIO")
	void assertP50(String value) {
		gate(Gates.P50_OPTION + needed("--assert-p50", value));
	}

	/** Read by {@link #resolve}, which knows whether they hold the lab's hops or a target's. */
	private void gate(String option) {
		this.gates.add(option);
	}

	@Option(names = "--target", paramLabel = "URL")
	void target(String value) {
		this.target = httpUrl("--target", value);
	}

	@Option(names = "--target-metrics", paramLabel = "URL")
	void targetMetrics(String value) {
		this.targetMetrics = httpUrl("--target-metrics", value);
	}

	private static URI httpUrl(String option, String value) {
		try {
			URI uri = new URI(needed(option, value).trim());
			if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
					&& uri.getRawFragment() == null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new BadOption(option + " must be an http or https URL such as http://localhost:8080/api/orders, got '"
				+ value + "'");
	}

	@Option(names = "--rate", paramLabel = "N")
	void rate(String value) {
		this.rate = bounded("--rate", value, 1, 5_000);
	}

	@Option(names = "--compare", paramLabel = "DIR")
	void compare(String value) {
		Path earlier = Path.of(needed("--compare", value)).toAbsolutePath().normalize();
		if (!Files.isDirectory(earlier)) {
			throw new BadOption("--compare: " + value + " is not a directory (an earlier run's --out)");
		}
		this.compare = earlier;
	}

	/** What the report is told besides the run: the gates, and the earlier run to compare with. */
	List<String> reportOptions() {
		List<String> options = new ArrayList<>(this.gates);
		if (this.compare != null) {
			options.add(ComparisonReport.COMPARE_OPTION + this.compare);
		}
		return options;
	}

	@Option(names = "--request-limit", paramLabel = "N")
	void requestLimit(String value) {
		this.requestLimit = bounded("--request-limit", value, 1, 100_000);
	}

	@Option(names = "--floor-seconds", paramLabel = "SECONDS")
	void floorSeconds(String value) {
		this.floorSeconds = bounded("--floor-seconds", value, 0, 120);
	}

	@Option(names = "--calls", paramLabel = "N")
	void calls(String value) {
		this.calls = bounded("--calls", value, 1, 50);
	}

	@Option(names = "--work-ms", paramLabel = "N")
	void workMs(String value) {
		this.workMs = bounded("--work-ms", value, 0, 10_000);
	}

	@Option(names = "--customer-delay", paramLabel = "MS")
	void customerDelay(String value) {
		this.customerDelay = milliseconds("--customer-delay", value);
	}

	@Option(names = "--internal-delay", paramLabel = "MS")
	void internalDelay(String value) {
		this.internalDelay = milliseconds("--internal-delay", value);
	}

	@Option(names = "--jitter", paramLabel = "MS")
	void jitter(String value) {
		this.jitter = milliseconds("--jitter", value);
	}

	@Option(names = "--no-links")
	void noLinks(boolean noLinks) {
		this.links = false;
	}

	@Option(names = "--client-keepalive", paramLabel = "WHEN")
	void clientKeepAlive(String value) {
		this.clientKeepAlive = oneOf("--client-keepalive", needed("--client-keepalive", value), List.of("auto", "on", "off"));
	}

	@Option(names = "--tls-resumption", paramLabel = "WHEN")
	void tlsResumption(String value) {
		this.tlsResumption = oneOf("--tls-resumption", needed("--tls-resumption", value), List.of("on", "off"));
	}

	@Option(names = "--jit", paramLabel = "c1|c2")
	void jit(String value) {
		this.jit = oneOf("--jit", needed("--jit", value), List.of("c1", "c2"));
	}

	@Option(names = "--base-port", paramLabel = "N")
	void basePort(String value) {
		this.basePort = bounded("--base-port", value, 1024, 65_500);
	}

	@Option(names = "--out", paramLabel = "DIR")
	void out(String value) {
		this.out = Path.of(needed("--out", value));
	}

	@Option(names = "--rebuild")
	void rebuild(boolean rebuild) {
		this.rebuild = true;
	}

	@Option(names = "--faults", paramLabel = "LIST|all")
	void faults(String value) {
		List<String> faults = list(needed("--faults", value));
		if (faults.equals(List.of("all"))) {
			faults = Fault.ids();
		}
		for (String fault : faults) {
			oneOf("fault", fault, Fault.ids());
		}
		this.faults = faults;
	}

	@Option(names = { "-h", "--help" })
	void help(boolean help) {
		this.help = true;
	}

	/** Checks the lists and fills in the defaults that depend on other options. */
	LabOptions resolve() {
		if (this.target != null || this.targetMetrics != null) {
			return resolveTarget();
		}
		try {
			Gates.parse(this.gates);
		}
		catch (IllegalArgumentException ex) {
			throw new BadOption(ex.getMessage());
		}
		if (this.modes.isEmpty()) {
			throw new BadOption("--modes is empty");
		}
		if (this.transports.isEmpty()) {
			throw new BadOption("--transports is empty");
		}
		if (this.overhead && !this.stacksChosen) {
			this.stackItems = Stacks.ALL;
		}
		if (this.stackItems.isEmpty()) {
			throw new BadOption("--stacks is empty");
		}
		this.modes.forEach((mode) -> oneOf("mode", mode, ALL_MODES));
		this.transports.forEach((transport) -> oneOf("transport", transport, ALL_TRANSPORTS));
		// A chain on one stack is named by it alone (tomcat/tomcat/tomcat is tomcat), and no chain runs twice.
		Map<String, Stacks> chains = new LinkedHashMap<>();
		for (String item : this.stackItems) {
			Stacks chain;
			try {
				chain = Stacks.parse(item);
			}
			catch (IllegalArgumentException ex) {
				throw new BadOption(ex.getMessage());
			}
			if (chains.put(chain.toString(), chain) != null) {
				throw new BadOption("--stacks names the chain '" + chain + "' twice");
			}
		}
		this.stacks = chains;
		if (this.matrix) {
			this.users = orElse(this.users, 2);
			this.duration = orElse(this.duration, 8);
			this.warmup = orElse(this.warmup, 3);
			this.floorSeconds = orElse(this.floorSeconds, 4);
			this.jit = orElse(this.jit, "c1");
		}
		if (!this.faults.isEmpty()) {
			this.jit = orElse(this.jit, "c1");
		}
		this.jit = orElse(this.jit, "c2");
		this.users = orElse(this.users, 4);
		this.duration = orElse(this.duration, 20);
		this.warmup = orElse(this.warmup, 5);
		if (!this.links) {
			this.customerDelay = "0";
			this.internalDelay = "0";
			this.jitter = "0";
		}
		BigDecimal jitterMs = new BigDecimal(this.jitter);
		if (jitterMs.compareTo(new BigDecimal(this.customerDelay)) > 0
				|| jitterMs.compareTo(new BigDecimal(this.internalDelay)) > 0) {
			throw new BadOption("--jitter (" + this.jitter + " ms) must not exceed a link's delay (" + this.customerDelay
					+ " / " + this.internalDelay + " ms)");
		}
		if ((long) this.calls * this.workMs > MAX_TOTAL_WORK_MS) {
			throw new BadOption("--calls " + this.calls + " x --work-ms " + this.workMs + " asks for "
					+ (long) this.calls * this.workMs + " ms of backend work per request; the services answer 400 above "
					+ MAX_TOTAL_WORK_MS + " ms: lower --calls or --work-ms");
		}
		if (this.soak && !this.faults.isEmpty()) {
			throw new BadOption("--soak and --faults are two different runs: choose one");
		}
		resolveOverhead();
		if (this.soak && !this.modesChosen) {
			this.modes = ALL_MODES;
		}
		if (!this.faults.isEmpty() && !this.links) {
			throw new BadOption("--faults needs the links (they carry the faults): drop --no-links");
		}
		if (this.rate != null && (this.soak || faultRun())) {
			throw new BadOption("--rate belongs to the scenarios: a " + (this.soak ? "soak" : "fault run")
					+ " sets its own load");
		}
		if (this.compare != null && this.soak) {
			throw new BadOption("--compare sets scenarios beside an earlier run's: a soak has its own soak.json");
		}
		if (!this.gates.isEmpty() && (this.soak || faultRun())) {
			throw new BadOption("--assert-reuse and --assert-p50 hold the scenarios to a bound: a "
					+ (this.soak ? "soak" : "fault run") + " is judged by its own rules");
		}
		if (this.requestLimit != null && (this.soak || faultRun())) {
			throw new BadOption("--request-limit belongs to the scenarios: a " + (this.soak ? "soak" : "fault run")
					+ " sets its own servers");
		}
		if (this.floorSeconds != null && this.floorSeconds > 0 && !this.links) {
			throw new BadOption("--floor-seconds sets the links to 0 ms: with --no-links the measurement is the floor");
		}
		if (this.floorSeconds != null && this.floorSeconds > 0 && (this.soak || faultRun())) {
			throw new BadOption("--floor-seconds belongs to the scenarios' latency: a " + (this.soak ? "soak" : "fault run")
					+ " has none");
		}
		this.floorSeconds = (this.links && !this.soak && !faultRun()) ? orElse(this.floorSeconds, 8) : 0;
		return this;
	}

	private LabOptions resolveTarget() {
		if (this.target == null) {
			throw new BadOption("--target-metrics names the counters of a --target: add --target URL");
		}
		if (this.gates.stream().anyMatch((gate) -> gate.startsWith(Gates.P50_OPTION))) {
			throw new BadOption("--assert-p50 holds p50 to the lab's prediction, which a service of your own has not:"
					+ " use Gatling's own assertions for its latency");
		}
		List<String> chainOptions = this.given.stream().filter((option) -> !TARGET_OPTIONS.contains(option)).sorted().toList();
		if (!chainOptions.isEmpty()) {
			throw new BadOption("--target loads a service of your own: " + String.join(", ", chainOptions)
					+ " belong" + ((chainOptions.size() == 1) ? "s" : "") + " to the lab's chain (a target takes "
					+ String.join(", ", TARGET_OPTIONS.stream().sorted().toList()) + ")");
		}
		List<String> targetGates = new ArrayList<>();
		for (String gate : this.gates) {
			String spec = gate.substring(Gates.REUSE_OPTION.length());
			try {
				Gates.downstreamReuse(spec);
			}
			catch (IllegalArgumentException ex) {
				throw new BadOption(ex.getMessage());
			}
			targetGates.add(spec);
		}
		this.targetGates = targetGates;
		this.users = orElse(this.users, 4);
		this.duration = orElse(this.duration, 20);
		this.warmup = orElse(this.warmup, 5);
		if (this.clientKeepAlive.equals("auto")) {
			this.clientKeepAlive = "on";
		}
		return this;
	}

	private void resolveOverhead() {
		if (!this.overhead) {
			if (this.overheadWarmupChosen != null || this.overheadRequestsChosen != null
					|| this.overheadSecondsChosen != null) {
				throw new BadOption("--overhead-warmup, --overhead-requests and --overhead-seconds size an --overhead run:"
						+ " add --overhead");
			}
			return;
		}
		for (Map.Entry<String, Boolean> other : Map.of("--soak", this.soak, "--faults", !this.faults.isEmpty(),
				"--matrix", this.matrix).entrySet()) {
			if (other.getValue()) {
				throw new BadOption("--overhead and " + other.getKey() + " are two different runs: choose one");
			}
		}
		if (this.rate != null || !this.gates.isEmpty() || this.compare != null || this.requestLimit != null) {
			throw new BadOption("--overhead sets its own load and figures: --rate, --assert-reuse, --assert-p50, "
					+ "--compare and --request-limit belong to the scenarios");
		}
		this.overheadWarmup = orElse(this.overheadWarmupChosen,
				this.overheadQuick ? QUICK_OVERHEAD.get(0) : DEFAULT_OVERHEAD_WARMUP);
		this.overheadRequests = orElse(this.overheadRequestsChosen,
				this.overheadQuick ? QUICK_OVERHEAD.get(1) : DEFAULT_OVERHEAD_REQUESTS);
		this.overheadSeconds = orElse(this.overheadSecondsChosen,
				this.overheadQuick ? QUICK_OVERHEAD.get(2) : DEFAULT_OVERHEAD_SECONDS);
	}

	/** Whether this run provokes faults instead of comparing reuse modes. */
	boolean faultRun() {
		return !this.faults.isEmpty();
	}

	/** The load generator's keep-alive in {@code mode}: auto keeps connections only in the reuse mode. */
	boolean keepAliveIn(String mode) {
		return switch (this.clientKeepAlive) {
			case "on" -> true;
			case "off" -> false;
			default -> mode.equals("reuse");
		};
	}

	/** The services' JIT warm-up: a burst of requests that lets the JIT compile the measured code first. */
	int jitWarmupRequests() {
		return faultRun() ? 200 : this.jit.equals("c1") ? 300 : 6000;
	}

	/**
	 * The services' JVM options: {@link ServiceProcess#JVM_OPTIONS} and the JIT's. With c1, C1 compiles a method
	 * after a tenth of its usual calls: the chain's latency then stops falling after about 300 requests instead of
	 * 1000 and more, for about 0.7 s more CPU while a service starts.
	 */
	List<String> serviceJvmOptions() {
		List<String> jit = this.jit.equals("c1")
				? Stream.concat(ServiceProcess.QUICK_JIT.stream(), Stream.of("-XX:CompileThresholdScaling=0.1")).toList()
				: List.of("-XX:TieredStopAtLevel=4");
		return Stream.concat(ServiceProcess.JVM_OPTIONS.stream(), jit.stream()).toList();
	}

	private static <T> T orElse(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static String needed(String option, String value) {
		if (value == null || value.isEmpty()) {
			throw new BadOption(option + " needs a value");
		}
		return value;
	}

	private static List<String> list(String value) {
		return new ArrayList<>(Arrays.asList(value.split(",")));
	}

	private static int bounded(String option, String value, int min, int max) {
		needed(option, value);
		if (INTEGER.matcher(value).matches()) {
			BigInteger parsed = new BigInteger(value);
			if (parsed.compareTo(BigInteger.valueOf(min)) >= 0 && parsed.compareTo(BigInteger.valueOf(max)) <= 0) {
				return parsed.intValue();
			}
		}
		throw new BadOption(option + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
	}

	private static String milliseconds(String option, String value) {
		needed(option, value);
		if (MILLISECONDS.matcher(value).matches() && new BigDecimal(value).compareTo(BigDecimal.valueOf(1000)) <= 0) {
			return value;
		}
		throw new BadOption(option + " must be a number of milliseconds in 0..1000, got '" + value + "'");
	}

	private static String oneOf(String name, String value, List<String> known) {
		if (!known.contains(value)) {
			throw new BadOption("unknown " + name + " '" + value + "' (known: " + String.join(" ", known) + ")");
		}
		return value;
	}

	/** A value the lab refuses: the message says what is wrong, the exit status is 2. */
	static final class BadOption extends RuntimeException {

		BadOption(String message) {
			super(message, null, false, false);
		}

	}

}
