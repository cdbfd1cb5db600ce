package io.keepalivelab.probe;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code probe} command line: finds out a server's keep-alive policy and recommends the client pool settings
 * that survive it, because a pool that keeps connections longer than the server does is the most common failure of
 * pooled HTTP clients. Progress goes to standard error, the report to standard output.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, version = "keepalive-lab probe 0.1.0",
		description = { "Finds a server's keep-alive policy (keep-alive, HTTP/2, TLS versions, request limit, idle "
				+ "timeout, maximum connection age, HTTP/2 idle timeout and GOAWAY, Keep-Alive header) and recommends the pool "
				+ "settings that survive it for Reactor Netty, Apache HttpClient 5, OkHttp, the JDK HttpClient and "
				+ "Spring Cloud Gateway." },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:report printed", "1:the probe failed midway", "2:bad URL or option",
				"3:host unreachable", "4:TLS handshake failed" })
public final class ProbeCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Spec
	private CommandSpec spec;

	@Parameters(paramLabel = "URL", description = "http:// or https:// URL to probe with GET requests")
	private String url;

	@Option(names = "--max-time", defaultValue = "300s", converter = DurationConverter.class,
			description = "Time budget for the whole probe (default: ${DEFAULT-VALUE})")
	private Duration maxTime;

	@Option(names = "--max-idle", defaultValue = "120s", converter = DurationConverter.class,
			description = "Longest idle gap to try (default: ${DEFAULT-VALUE})")
	private Duration maxIdle;

	@Option(names = "--max-age", defaultValue = "60s", converter = DurationConverter.class,
			description = "Oldest a busy connection gets while the maximum connection age is looked for; at most half "
					+ "of --max-time (default: ${DEFAULT-VALUE})")
	private Duration maxAge;

	@Option(names = "--precision", defaultValue = "0.5s", converter = DurationConverter.class,
			description = "Width of the idle-timeout bracket to reach (default: ${DEFAULT-VALUE})")
	private Duration precision;

	@Option(names = "--parallel", defaultValue = "4",
			description = "Connections per narrowing round of the idle-timeout search (default: ${DEFAULT-VALUE})")
	private int parallel;

	@Option(names = "--max-requests", defaultValue = "1000",
			description = "Most requests to send on one connection (default: ${DEFAULT-VALUE})")
	private int maxRequests;

	@Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
			description = "Connect and response timeout; a connection silent this long counts as dropped "
					+ "(default: ${DEFAULT-VALUE})")
	private Duration timeout;

	@Option(names = "--json", description = "Print the report as JSON")
	private boolean json;

	@Option(names = "--emit", paramLabel = "<format>",
			description = "Print only the facts in this format instead of the report; spring: the "
					+ "keepalive-lab.downstreams.<name>.idle-timeout or .idle-drop property that keepalive-lab's "
					+ "startup check reads")
	private Emit emit;

	@Option(names = "--name", paramLabel = "<name>",
			description = "The downstream's name, for the pool and the Spring facts: lower-case letters, digits and "
					+ "'-' (default: from the URL's host)")
	private String name;

	@Option(names = "--ca", paramLabel = "<pem>",
			description = "Trust the certificates in this PEM file instead of the JDK's trust store")
	private Path ca;

	@Option(names = "--insecure", description = "Do not verify the server's certificate and host name")
	private boolean insecure;

	public static void main(String[] args) {
		System.exit(new CommandLine(new ProbeCommand()).execute(args));
	}

	@Override
	public Integer call() throws InterruptedException {
		validate();
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			Target target = Target.parse(this.url);
			if (this.insecure) {
				err.println("WARNING: --insecure: the server's certificate and host name are not verified");
			}
			Connector connector = Connector.create(target, this.ca, this.insecure, this.timeout);
			Budget budget = new Budget(this.maxTime);
			Consumer<String> progress = (line) -> {
				err.printf(Locale.ROOT, "[%6.1f s] %s%n", budget.elapsedSeconds(), line);
				err.flush();
			};
			Probe.Settings settings = new Probe.Settings(this.maxIdle, this.precision, this.parallel, this.maxRequests,
					this.timeout, this.maxAge);
			String downstream = (this.name != null) ? this.name : SpringFacts.name(target.host());
			ProbeReport report = new Probe(target, downstream, connector, settings, budget, progress).run();
			out.print((this.emit == Emit.spring) ? SpringFacts.render(report)
					: this.json ? JSON.writeValueAsString(report) + "\n" : TextReport.render(report));
			out.flush();
			return 0;
		}
		catch (ProbeException ex) {
			err.println("probe: " + ex.getMessage());
			err.flush();
			return ex.failure.exitCode;
		}
	}

	private void validate() {
		if (this.parallel < 1 || this.maxRequests < 1) {
			throw new ParameterException(this.spec.commandLine(), "--parallel and --max-requests must be at least 1");
		}
		for (Duration duration : new Duration[] { this.maxTime, this.maxIdle, this.precision, this.timeout,
				this.maxAge }) {
			if (duration.isZero()) {
				throw new ParameterException(this.spec.commandLine(), "durations must be positive");
			}
		}
		if (this.json && this.emit != null) {
			throw new ParameterException(this.spec.commandLine(), "--json and --emit each replace the report: choose one");
		}
		if (this.name != null && !SpringFacts.NAME.matcher(this.name).matches()) {
			throw new ParameterException(this.spec.commandLine(), "--name must be lower-case letters, digits and '-' "
					+ "(a Spring map key without brackets), not '" + this.name + "'");
		}
		if (this.maxAge.multipliedBy(2).compareTo(this.maxTime) > 0) {
			throw new ParameterException(this.spec.commandLine(), "--max-age " + TextReport.seconds(seconds(this.maxAge))
					+ " is more than half of --max-time " + TextReport.seconds(seconds(this.maxTime))
					+ ": the other checks need the rest; lower --max-age or raise --max-time");
		}
	}

	/** What --emit can print. */
	enum Emit {

		spring

	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/** Durations as people type them: 500ms, 2.5s, 2m, or a plain number of seconds. */
	static final class DurationConverter implements ITypeConverter<Duration> {

		private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

		@Override
		public Duration convert(String value) {
			Matcher matcher = FORMAT.matcher(value.trim());
			if (!matcher.matches()) {
				throw new TypeConversionException("expected a duration such as 500ms, 2.5s or 2m, not '" + value + "'");
			}
			double millisPerUnit = switch ((matcher.group(2) != null) ? matcher.group(2) : "s") {
				case "ms" -> 1;
				case "m" -> 60_000;
				default -> 1000;
			};
			return Duration.ofMillis(Math.round(Double.parseDouble(matcher.group(1)) * millisPerUnit));
		}

	}

}
