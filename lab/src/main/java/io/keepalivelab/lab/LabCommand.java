package io.keepalivelab.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.keepalivelab.lab.LabOptions.BadOption;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./demo.sh}: runs the chain once per scenario behind emulated network links under the same Gatling
 * load and compares the runs with what the round trips predict; with {@code --faults}, provokes the failures
 * pools meet instead. Exit status 0; 1 when a scenario's Gatling run failed; 2 for a bad option or a chain
 * that did not start; the report's own status otherwise (3 when a gate of {@code --assert-reuse} or
 * {@code --assert-p50} failed).
 */
public final class LabCommand {

	static final String USAGE = """
			Usage: ./demo.sh [options]

			Starts public-api -> orchestration-api -> backend-api as local JVMs once per scenario, each hop behind a
			link emulator that adds a one-way network delay (handshakes included), loads the chain with Gatling,
			reads every service's connection counters, and prints a comparison with the predicted latency.

			A scenario is a reuse mode and a transport, each a Spring profile set on every service, run on a server
			stack, a Spring profile set on each service on its own:
			  modes:       reuse, no-reuse, client-per-request, no-reuse+client-per-request (both at once)
			  transports:  plain (HTTP/1.1), tls12, tls13, h2 (HTTP/2 over TLS 1.3), h2c (clear-text HTTP/2)
			  stacks:      netty (Spring WebFlux on Reactor Netty: no request limit per connection), tomcat (Spring
			               MVC on Tomcat: Connection: close after a connection's 100th request), or a mixed chain
			               PUBLIC/ORCHESTRATION/BACKEND, e.g. tomcat/netty/netty (public-api on Tomcat, the rest on
			               Netty)

			Options:
			  --modes LIST            comma-separated modes, in order (default: reuse,no-reuse); --scenarios is the same
			  --all                   the four modes
			  --transports LIST       comma-separated transports (default: plain)
			  --stacks LIST           comma-separated stacks (default: netty): every scenario runs once on each,
			                          e.g. --stacks netty,tomcat,tomcat/netty/netty; with more than one, the stack
			                          ends the scenario's name (reuse.plain.tomcat, reuse.plain.tomcat-netty-netty);
			                          once a service runs on tomcat, the report shows each scenario's stacks and
			                          each hop's server stack and the connections it closed at its request limit
			  --matrix                the four modes x plain, tls12, tls13, h2, at a light load (~10 min)
			  --users N               concurrent Gatling users, 1..64 (default: 4; 2 with --matrix)
			  --rate N                the open model: N requests a second arrive whatever the answers, 1..5000,
			                          instead of --users each waiting for its last answer (the closed model, which
			                          hides queueing); with keep-alive the arrivals share one connection pool
			  --duration SECONDS      measured phase per scenario, 1..600 (default: 20; 8 with --matrix)
			  --warmup SECONDS        unmeasured warm-up per scenario, 0..120 (default: 5; 3 with --matrix)
			  --request-limit N       orchestration-api and backend-api close a connection after N requests,
			                          1..100000 (default: Netty none, Tomcat 100): a run that mixes reused and new
			                          connections, whose report splits the latency by the connections opened
			  --floor-seconds SECONDS before each measured phase, the same request rate with every link at 0 ms, 0..120:
			                          what the machine itself adds, set beside the prediction (default: 8; 4 with
			                          --matrix; 0: none)
			  --calls N               sequential backend calls per request, 1..50 (default: %d)
			  --work-ms N             simulated backend work per call, 0..10000, calls x work-ms at most 30000
			                          (default: %d)
			  --customer-delay MS     one-way delay of the load generator -> public-api link (default: %s)
			  --internal-delay MS     one-way delay of the links between services (default: %s)
			  --jitter MS             jitter on every link, at most the smallest delay (default: %s)
			  --no-links              no link emulator: services talk over bare loopback
			  --client-keepalive WHEN auto|on|off: does the load generator keep its connections? auto: only in
			                          the reuse mode, so that the customer hop follows the scenario (default: auto);
			                          without, every request is a new Gatling user: new connection, full handshake
			  --tls-resumption WHEN   on|off: may the services' new TLS connections resume a session (TLS 1.2:
			                          one round trip instead of two)? (default: on, as the JDK does)
			  --jit c1|c2             the services' JIT compiler: c2 is a long-running server's steady state
			                          (6000 warm-up requests, about 35 s more per scenario); c1 alone, compiling
			                          at a tenth of its usual thresholds, warms up in 300 and leaves 1-3 ms more
			                          CPU per request on the chain (default: c2; c1 with --matrix and --faults)
			  --base-port N           public-api on N, orchestration-api on N+1, backend-api on N+2, the links
			                          on N+10..N+12 and the link admin on N+19 (default: %d)
			  --faults LIST|all       instead of the scenarios above, provoke failures and compare a misconfigured
			                          client with the hardened default: %s
			                          (the first three in both configurations; about 45 s per run; each fault
			                          sets its own load, links and settings: --users, --duration and --modes do
			                          not apply; --stacks does: each fault runs once per stack, but storm only
			                          with a netty backend, the stack whose soft and hard limits it provokes)
			  --soak                  instead of the scenarios, a steady load per reuse mode (all four unless --modes
			                          says) on a chain without links, sampling each service's memory, threads,
			                          file descriptors and connections ten times; fails naming the figure and
			                          the service that grows without bound; writes soak.json and soak.txt
			  --soak-duration D       each mode's soak, 10s..24h, e.g. 90s, 10m, 2h (default: 10m)
			  --assert-reuse HOP<=MAX fail the run (exit status 3) when a scenario's HOP opened more than MAX
			                          connections per request, e.g. public-api->orchestration-api<=0.01, all<=0.01;
			                          again for more hops; verdicts in gates.xml (JUnit) beside report.html
			  --assert-p50 RATIO      fail the run (exit status 3) when a scenario's p50 exceeds RATIO x predicted
			  --compare DIR           set each scenario beside its namesake in an earlier run (its --out): p50, p99,
			                          throughput and connections per request, then and now, with the change
			  --overhead              instead of the scenarios, what each hop costs beside an nginx 3-hop proxy chain
			                          (needs nginx: apt-get install nginx) and the same chain on Reactor Netty
			                          without Spring, the same load on all: p50/p99 at 1 in flight through 1, 2
			                          and 3 hops, requests/s at 32 in flight, resident memory, with reuse and
			                          without, on both stacks unless --stacks says, calls=1 workMs=0, no links;
			                          and the link emulator's own cost; writes overhead.txt, .json and .html
			                          (~7 min on 2 cores)
			  --overhead-warmup N     warm-up requests at 32 in flight per chain and mode, 0..1000000 (default: %d)
			  --overhead-requests N   requests per latency figure at 1 in flight, 100..1000000 (default: %d)
			  --overhead-seconds S    seconds per throughput figure at 32 in flight, 1..600 (default: %d)
			  --overhead-quick        --overhead at sizes that only check it runs (%d, %d, %d s; ~2 min)
			  --target URL            instead of the scenarios, check a running service of your own: Gatling GETs URL
			                          (any 200 counts) and the lab reads the service's outbound connections from
			                          its /actuator/connections, else its /actuator/prometheus (Reactor Netty's
			                          client metrics) before and after the measured run: per hop, the connections
			                          opened per request. Takes --users, --rate, --duration, --warmup,
			                          --client-keepalive (default: on), --out and --assert-reuse DOWNSTREAM<=MAX,
			                          a hop as the table names it (e.g. backend:8080) or all; verdicts in gates.xml
			  --target-metrics URL    the target's counters, where they are elsewhere (a management port, say)
			  --out DIR               where runs are written (default: target/demo/<timestamp>)
			  --rebuild               rebuild the jars even if they exist (done by ./demo.sh before the lab starts)
			  -h, --help              this text
			""".formatted(LabOptions.DEFAULT_CALLS, LabOptions.DEFAULT_WORK_MS, LabOptions.DEFAULT_CUSTOMER_DELAY,
			LabOptions.DEFAULT_INTERNAL_DELAY, LabOptions.DEFAULT_JITTER, LabOptions.DEFAULT_BASE_PORT,
			String.join(" ", Fault.ids()), LabOptions.DEFAULT_OVERHEAD_WARMUP, LabOptions.DEFAULT_OVERHEAD_REQUESTS,
			LabOptions.DEFAULT_OVERHEAD_SECONDS, LabOptions.QUICK_OVERHEAD.get(0), LabOptions.QUICK_OVERHEAD.get(1),
			LabOptions.QUICK_OVERHEAD.get(2));

	private LabCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** {@link #main} without the exit: the status it would exit with. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		LabOptions options;
		try {
			options = parse(args);
		}
		catch (UnknownOption ex) {
			err.print(USAGE);
			err.println("demo: " + ex.getMessage());
			return 2;
		}
		catch (BadOption ex) {
			err.println("demo: " + ex.getMessage());
			return 2;
		}
		if (options.help) {
			out.print(USAGE);
			return 0;
		}
		AtomicBoolean finished = new AtomicBoolean();
		Thread interrupted = new Thread(() -> {
			if (!finished.get()) {
				out.println();
				out.println("[demo " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] interrupted");
			}
		}, "lab-interrupted");
		Runtime.getRuntime().addShutdownHook(interrupted);
		try {
			if (options.overhead) {
				return new Overhead(options, out).run();
			}
			if (options.target != null) {
				return new TargetCheck(options, out).run();
			}
			return options.soak ? new Soak(options, out).run() : new LabRun(options, out).run();
		}
		catch (LabRun.CannotRun ex) {
			err.println("demo: " + ex.getMessage());
			return 2;
		}
		catch (IOException ex) {
			err.println("demo: " + ex.getMessage());
			return 2;
		}
		catch (UncheckedIOException ex) {
			err.println("demo: " + ex.getCause().getMessage());
			return 2;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 130;
		}
		finally {
			finished.set(true);
		}
	}

	/** The options, checked and completed; a {@link BadOption} or {@link UnknownOption} says what is wrong. */
	static LabOptions parse(String... args) {
		LabOptions options = new LabOptions();
		CommandLine commandLine = new CommandLine(options).setOverwrittenOptionsAllowed(true);
		try {
			options.given = commandLine.parseArgs(args).matchedOptions().stream()
				.map(CommandLine.Model.OptionSpec::longestName)
				.collect(Collectors.toSet());
		}
		catch (UnmatchedArgumentException ex) {
			throw new UnknownOption("unknown option '" + ex.getUnmatched().get(0) + "'");
		}
		catch (ParameterException ex) {
			throw badOption(ex);
		}
		return options.help ? options : options.resolve();
	}

	private static RuntimeException badOption(ParameterException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BadOption bad) {
				return bad;
			}
		}
		if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
				&& missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
			return new BadOption(option.longestName() + " needs a value");
		}
		return new BadOption(ex.getMessage());
	}

	/** An argument that is no option: the usage, then what was wrong, exit status 2. */
	static final class UnknownOption extends RuntimeException {

		UnknownOption(String message) {
			super(message, null, false, false);
		}

	}

}
