package io.keepalivelab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A {@code metrics/<service>.prom} file of one scenario: the service's {@code /actuator/prometheus} at
 * its end. Reads the samples of the text exposition format (comments, labels with escapes, NaN and
 * infinities, timestamps); a line that does not parse is skipped and counted, never fatal, because the
 * report must not fail on a metric it does not need. A metric it does need and does not find is an error
 * naming it ({@link MissingMetricException}), never a silent 0: a renamed metric must not read as "never
 * happened".
 */
// Reference: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
public final class PrometheusMetrics {

	public static final String DIRECTORY = "metrics";

	public static final String FILE_SUFFIX = ".prom";

	/** Reactor Netty's HTTP client timer of TCP connects, per remote address and status. */
	public static final String CONNECT_TIME = "reactor_netty_http_client_connect_time_seconds";

	/** Reactor Netty's HTTP client timer of TLS handshakes, per remote address and status. */
	public static final String TLS_HANDSHAKE_TIME = "reactor_netty_http_client_tls_handshake_time_seconds";

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private final List<Sample> samples;

	private final int skippedLines;

	/** Where the samples came from, for the errors. */
	private final String source;

	private PrometheusMetrics(List<Sample> samples, int skippedLines, String source) {
		this.samples = List.copyOf(samples);
		this.skippedLines = skippedLines;
		this.source = source;
	}

	public static PrometheusMetrics read(Path file) {
		try {
			return parse(Files.readString(file), file.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static PrometheusMetrics parse(String text) {
		return parse(text, "the metrics text");
	}

	private static PrometheusMetrics parse(String text, String source) {
		List<Sample> samples = new ArrayList<>();
		int skipped = 0;
		for (String line : text.split("\r?\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			Sample sample = new LineParser(trimmed).sample();
			if (sample != null) {
				samples.add(sample);
			}
			else {
				skipped++;
			}
		}
		return new PrometheusMetrics(samples, skipped, source);
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/** Sample lines that did not parse and were left out. */
	public int skippedLines() {
		return this.skippedLines;
	}

	/**
	 * A Micrometer timer's {@code _count} and {@code _sum}, summed over its series with
	 * {@code status="SUCCESS"} (every remote address). A series whose count or sum is missing or not a
	 * number is left out; a timer with series but none successful ran 0 times.
	 * @throws MissingMetricException if the timer has no {@code _count} series at all
	 */
	public TimerTotal successfulTimer(String name) {
		if (this.samples.stream().noneMatch((sample) -> sample.name().equals(name + "_count"))) {
			throw new MissingMetricException(name + "_count", this.source);
		}
		Map<Map<String, String>, Double> sums = new HashMap<>();
		this.samples.stream()
			.filter((sample) -> sample.name().equals(name + "_sum"))
			.forEach((sample) -> sums.put(sample.labels(), sample.value()));
		long count = 0;
		double sumSeconds = 0;
		for (Sample sample : this.samples) {
			if (!sample.name().equals(name + "_count") || !"SUCCESS".equals(sample.labels().get("status"))) {
				continue;
			}
			Double sum = sums.get(sample.labels());
			if (sum == null || !Double.isFinite(sum) || !Double.isFinite(sample.value()) || sample.value() < 0) {
				continue;
			}
			count += Math.round(sample.value());
			sumSeconds += sum;
		}
		return new TimerTotal(count, sumSeconds);
	}

	/**
	 * A Micrometer timer's {@code _count} summed per value of {@code label}, over the series whose {@code status}
	 * passes; a series without the label or with a count that is not a number is left out.
	 * @throws MissingMetricException if the timer has no {@code _count} series at all
	 */
	public Map<String, Long> timerCounts(String name, String label, Predicate<String> status) {
		String count = name + "_count";
		if (this.samples.stream().noneMatch((sample) -> sample.name().equals(count))) {
			throw new MissingMetricException(count, this.source);
		}
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Sample sample : this.samples) {
			String value = sample.labels().get(label);
			if (sample.name().equals(count) && value != null && Double.isFinite(sample.value())
					&& status.test(sample.labels().getOrDefault("status", ""))) {
				counts.merge(value, Math.round(sample.value()), Long::sum);
			}
		}
		return counts;
	}

	/** A metric the reader needs is not in the file: renamed, not enabled, or never registered. */
	public static final class MissingMetricException extends IllegalStateException {

		private final String metric;

		MissingMetricException(String metric, String source) {
			super("metric " + metric + " is missing from " + source);
			this.metric = metric;
		}

		public String metric() {
			return this.metric;
		}

	}

	/** One sample line: a metric name, its labels and its value (the timestamp is not kept). */
	public record Sample(String name, Map<String, String> labels, double value) {

		public Sample {
			Objects.requireNonNull(name, "name");
			labels = Map.copyOf(labels);
		}

	}

	/** How many times a timer ran and how long it took in all. */
	public record TimerTotal(long count, double sumSeconds) {

		/** The mean in milliseconds, empty when the timer never ran. */
		public OptionalDouble meanMs() {
			return (this.count > 0) ? OptionalDouble.of(this.sumSeconds * 1000 / this.count) : OptionalDouble.empty();
		}

	}

	/** {@code name [{labels}] value [timestamp]}; {@code null} for a line it cannot read. */
	private static final class LineParser {

		private final String line;

		private int position;

		LineParser(String line) {
			this.line = line;
		}

		Sample sample() {
			String name = match(METRIC_NAME);
			if (name == null) {
				return null;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			skipBlanks();
			if (peek() == '{') {
				this.position++;
				if (!labels(labels)) {
					return null;
				}
			}
			skipBlanks();
			int start = this.position;
			while (this.position < this.line.length() && !Character.isWhitespace(peek())) {
				this.position++;
			}
			Double value = value(this.line.substring(start, this.position));
			if (value == null) {
				return null;
			}
			skipBlanks();
			String rest = this.line.substring(this.position);
			boolean restIsTimestampOrExemplar = rest.isEmpty() || rest.startsWith("#")
					|| NUMBER.matcher(rest.split("\\s+", 2)[0]).matches();
			return restIsTimestampOrExemplar ? new Sample(name, labels, value) : null;
		}

		private boolean labels(Map<String, String> labels) {
			while (true) {
				skipBlanks();
				if (peek() == '}') {
					this.position++;
					return true;
				}
				String label = match(LABEL_NAME);
				skipBlanks();
				if (label == null || peek() != '=') {
					return false;
				}
				this.position++;
				skipBlanks();
				String value = quoted();
				if (value == null) {
					return false;
				}
				labels.put(label, value);
				skipBlanks();
				if (peek() == ',') {
					this.position++;
				}
				else if (peek() != '}') {
					return false;
				}
			}
		}

		/** A label value in double quotes, with the escapes {@code \\}, {@code \"} and {@code \n}. */
		private String quoted() {
			if (peek() != '"') {
				return null;
			}
			StringBuilder value = new StringBuilder();
			for (this.position++; this.position < this.line.length(); this.position++) {
				char c = this.line.charAt(this.position);
				if (c == '"') {
					this.position++;
					return value.toString();
				}
				if (c == '\\' && this.position + 1 < this.line.length()) {
					char escaped = this.line.charAt(++this.position);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(c);
				}
			}
			return null;
		}

		private static Double value(String token) {
			return switch (token) {
				case "NaN" -> Double.NaN;
				case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> NUMBER.matcher(token).matches() ? Double.valueOf(token) : null;
			};
		}

		private String match(Pattern pattern) {
			var matcher = pattern.matcher(this.line).region(this.position, this.line.length());
			if (!matcher.lookingAt()) {
				return null;
			}
			this.position = matcher.end();
			return matcher.group();
		}

		private void skipBlanks() {
			while (this.position < this.line.length() && (peek() == ' ' || peek() == '\t')) {
				this.position++;
			}
		}

		private char peek() {
			return (this.position < this.line.length()) ? this.line.charAt(this.position) : '\0';
		}

	}

}
