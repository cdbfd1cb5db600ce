package io.keepalivelab.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: every bad value is refused before anything starts, with exit status 2 and a message. */
class LabCommandTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"--users 0                      | demo: --users must be an integer in 1..64, got '0'",
			"--users 65                     | demo: --users must be an integer in 1..64, got '65'",
			"--users four                   | demo: --users must be an integer in 1..64, got 'four'",
			"--users 99999999999999999999   | demo: --users must be an integer in 1..64, got '99999999999999999999'",
			"--duration 601                 | demo: --duration must be an integer in 1..600, got '601'",
			"--warmup -1                    | demo: --warmup must be an integer in 0..120, got '-1'",
			"--calls 51                     | demo: --calls must be an integer in 1..50, got '51'",
			"--work-ms 10001                | demo: --work-ms must be an integer in 0..10000, got '10001'",
			"--base-port 1023               | demo: --base-port must be an integer in 1024..65500, got '1023'",
			"--customer-delay 1000.5        | demo: --customer-delay must be a number of milliseconds in 0..1000, got '1000.5'",
			"--internal-delay 0.0005        | demo: --internal-delay must be a number of milliseconds in 0..1000, got '0.0005'",
			"--jitter 01                    | demo: --jitter must be a number of milliseconds in 0..1000, got '01'",
			"--jitter 20                    | demo: --jitter (20 ms) must not exceed a link's delay (15 / 0.5 ms)",
			"--calls 4 --work-ms 10000      | demo: --calls 4 x --work-ms 10000 asks for 40000 ms of backend work per request; the services answer 400 above 30000 ms: lower --calls or --work-ms",
			"--customer-delay 0.25 --jitter 0.3 | demo: --jitter (0.3 ms) must not exceed a link's delay (0.25 / 0.5 ms)",
			"--client-keepalive maybe       | demo: unknown --client-keepalive 'maybe' (known: auto on off)",
			"--tls-resumption yes           | demo: unknown --tls-resumption 'yes' (known: on off)",
			"--jit c3                       | demo: unknown --jit 'c3' (known: c1 c2)",
			"--modes reuse,keep             | demo: unknown mode 'keep' (known: reuse no-reuse client-per-request no-reuse+client-per-request)",
			"--transports h3                | demo: unknown transport 'h3' (known: plain tls12 tls13 h2 h2c)",
			"--stacks undertow              | demo: unknown stack 'undertow' (known: netty tomcat)",
			"--stacks netty/tomcat          | demo: --stacks item 'netty/tomcat' is neither a stack nor PUBLIC/ORCHESTRATION/BACKEND (e.g. tomcat/netty/netty)",
			"--stacks tomcat,tomcat/tomcat/tomcat | demo: --stacks names the chain 'tomcat' twice",
			"--faults idle                  | demo: unknown fault 'idle' (known: idle-timeout idle-drop freeze storm backend-restart slow-backend)",
			"--faults all --no-links        | demo: --faults needs the links (they carry the faults): drop --no-links",
			"--floor-seconds 121            | demo: --floor-seconds must be an integer in 0..120, got '121'",
			"--floor-seconds 5 --no-links   | demo: --floor-seconds sets the links to 0 ms: with --no-links the measurement is the floor",
			"--floor-seconds 5 --faults all | demo: --floor-seconds belongs to the scenarios' latency: a fault run has none",
			"--floor-seconds 5 --soak       | demo: --floor-seconds belongs to the scenarios' latency: a soak has none",
			"--request-limit 0              | demo: --request-limit must be an integer in 1..100000, got '0'",
			"--request-limit 3 --faults all | demo: --request-limit belongs to the scenarios: a fault run sets its own servers",
			"--assert-reuse public-api<=0   | demo: --assert-reuse takes HOP<=MAX, e.g. public-api->orchestration-api<=0.01 or all<=0.01, got 'public-api<=0'",
			"--assert-p50 0                 | demo: --assert-p50 takes a ratio above 0 such as 1.3, got '0'",
			"--assert-p50 1.3 --soak        | demo: --assert-reuse and --assert-p50 hold the scenarios to a bound: a soak is judged by its own rules",
			"--compare /no/such/run         | demo: --compare: /no/such/run is not a directory (an earlier run's --out)",
			"--rate 0                       | demo: --rate must be an integer in 1..5000, got '0'",
			"--rate 50 --faults all         | demo: --rate belongs to the scenarios: a fault run sets its own load",
			"--overhead --rate 50           | demo: --overhead sets its own load and figures: --rate, --assert-reuse, --assert-p50, --compare and --request-limit belong to the scenarios",
			"--users                        | demo: --users needs a value" })
	void badValuesExitWith2AndSayWhatIsWrong(String args, String message) {
		Result result = run(args.split(" "));

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).isEqualTo(message + "\n");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void anUnknownOptionPrintsTheUsageFirst() {
		Result result = run("--bogus");

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).startsWith("Usage: ./demo.sh [options]").endsWith("demo: unknown option '--bogus'\n");
	}

	@Test
	void aPortInUseStopsTheRunBeforeAnythingStarts(@TempDir Path out) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Result result = run("--base-port", String.valueOf(port), "--out", out.toString());

			assertThat(result.status()).isEqualTo(2);
			assertThat(result.err())
				.isEqualTo("demo: port " + port + " is already in use: stop what runs there or pass --base-port\n");
		}
	}

	@Test
	void helpNamesEveryOptionAndEveryFault() {
		Result result = run("--help");

		assertThat(result.status()).isZero();
		assertThat(result.out()).contains("--modes LIST", "--scenarios", "--all", "--transports LIST", "--stacks LIST",
				"--matrix", "--users N", "--rate N", "--duration SECONDS", "--warmup SECONDS", "--floor-seconds SECONDS", "--request-limit N", "--assert-reuse HOP<=MAX", "--assert-p50 RATIO", "--compare DIR", "--calls N",
				"--work-ms N",
				"--customer-delay MS", "--internal-delay MS", "--jitter MS", "--no-links", "--client-keepalive WHEN",
				"--tls-resumption WHEN", "--jit c1|c2", "--base-port N", "--faults LIST|all", "--out DIR", "--rebuild",
				"-h, --help", "(default: 2)", "(default: 10)", "(default: 15)", "(default: 0.5)", "(default: 8080)",
				String.join(" ", Fault.ids()));
	}

	@Test
	void defaultsAreTheDemosAndTheMatrixLightensTheLoad() {
		LabOptions defaults = LabCommand.parse();
		LabOptions matrix = LabCommand.parse("--matrix");
		LabOptions faults = LabCommand.parse("--faults", "idle-drop");

		assertThat(defaults.modes).containsExactly("reuse", "no-reuse");
		assertThat(defaults.transports).containsExactly("plain");
		assertThat(defaults.users).isEqualTo(4);
		assertThat(defaults.duration).isEqualTo(20);
		assertThat(defaults.warmup).isEqualTo(5);
		assertThat(defaults.jit).isEqualTo("c2");
		assertThat(defaults.jitWarmupRequests()).isEqualTo(6000);
		assertThat(matrix.modes).hasSize(4);
		assertThat(matrix.transports).containsExactly("plain", "tls12", "tls13", "h2");
		assertThat(matrix.users).isEqualTo(2);
		assertThat(matrix.duration).isEqualTo(8);
		assertThat(matrix.warmup).isEqualTo(3);
		assertThat(matrix.jit).isEqualTo("c1");
		assertThat(matrix.jitWarmupRequests()).isEqualTo(300);
		assertThat(faults.jit).isEqualTo("c1");
		assertThat(faults.jitWarmupRequests()).isEqualTo(200);
		assertThat(defaults.floorSeconds).isEqualTo(8);
		assertThat(matrix.floorSeconds).isEqualTo(4);
		assertThat(faults.floorSeconds).as("a fault run measures no latency against the prediction").isZero();
		assertThat(LabCommand.parse("--no-links").floorSeconds).as("without links the run is its own floor").isZero();
		assertThat(LabCommand.parse("--soak").floorSeconds).isZero();
		assertThat(LabCommand.parse("--floor-seconds", "0").floorSeconds).isZero();
	}

	@Test
	void laterOptionsOverrideEarlierOnes() {
		assertThat(LabCommand.parse("--all", "--modes", "reuse").modes).containsExactly("reuse");
		assertThat(LabCommand.parse("--modes", "reuse", "--all").modes).hasSize(4);
		assertThat(LabCommand.parse("--matrix", "--users", "3").users).isEqualTo(3);
		assertThat(LabCommand.parse("--users", "3", "--users", "5").users).isEqualTo(5);
	}

	@Test
	void gatesReachTheReportAsItTakesThemInTheOrderGiven() {
		LabOptions options = LabCommand.parse("--assert-reuse", "all<=0.01", "--assert-p50", "1.3", "--assert-reuse",
				"public-api->orchestration-api<=0");

		assertThat(options.gates).containsExactly("--assert-reuse=all<=0.01", "--assert-p50=1.3",
				"--assert-reuse=public-api->orchestration-api<=0");
		assertThat(LabCommand.parse().gates).isEmpty();
	}

	@Test
	void anEarlierRunReachesTheReportAfterTheGates(@TempDir Path earlier) {
		LabOptions options = LabCommand.parse("--compare", earlier.toString(), "--assert-p50", "2");

		assertThat(options.reportOptions()).containsExactly("--assert-p50=2", "--compare=" + earlier.toAbsolutePath());
	}

	@Test
	void withoutLinksEveryDelayIsZero() {
		LabOptions options = LabCommand.parse("--no-links", "--customer-delay", "20");

		assertThat(options.customerDelay).isEqualTo("0");
		assertThat(options.internalDelay).isEqualTo("0");
	}

	@Test
	void clientKeepAliveAutoKeepsConnectionsInTheReuseModeOnly() {
		LabOptions auto = LabCommand.parse();

		assertThat(auto.keepAliveIn("reuse")).isTrue();
		assertThat(auto.keepAliveIn("no-reuse")).isFalse();
		assertThat(LabCommand.parse("--client-keepalive", "on").keepAliveIn("no-reuse")).isTrue();
		assertThat(LabCommand.parse("--client-keepalive", "off").keepAliveIn("reuse")).isFalse();
	}

	@Test
	void aTargetTakesItsOwnGatesAndTheLoadOptionsAndKeepsItsConnections() {
		LabOptions options = LabCommand.parse("--target", "http://localhost:9000/api/orders?id=1", "--assert-reuse",
				"backend:8080<=0.01", "--assert-reuse", "all<=0.1", "--duration", "5");

		assertThat(options.target).hasToString("http://localhost:9000/api/orders?id=1");
		assertThat(options.targetGates).containsExactly("backend:8080<=0.01", "all<=0.1");
		assertThat(options.duration).isEqualTo(5);
		assertThat(options.keepAliveIn("reuse")).as("--client-keepalive auto keeps a target's connections").isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', textBlock = """
			--target localhost:9000;                                 --target must be an http or https URL
			--target ftp://host/x;                                   --target must be an http or https URL
			--target-metrics http://host/actuator/prometheus;        --target-metrics names the counters of a --target
			--target http://h:1/ --modes no-reuse --calls 3;         --target loads a service of your own: --calls, --modes belong to the lab's chain
			--target http://h:1/ --assert-p50 1.3;                   --assert-p50 holds p50 to the lab's prediction
			--target http://h:1/ --assert-reuse public-api->x<=0.1;  --assert-reuse takes DOWNSTREAM<=MAX against a running service
			--assert-reuse backend:8080<=0.1;                        --assert-reuse takes HOP<=MAX
			""")
	void aTargetRefusesWhatBelongsToTheChain(String args, String message) {
		Result result = run(args.split(" "));

		assertThat(result.status()).isEqualTo(2);
		assertThat(result.err()).startsWith("demo: " + message);
	}

	private static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = LabCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Result(int status, String out, String err) {
	}

}
