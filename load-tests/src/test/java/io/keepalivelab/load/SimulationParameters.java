package io.keepalivelab.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The knobs of {@link ChainSimulation}, read from system properties and checked up front, so that a
 * typo fails the run at once with a clear message instead of producing a misleading result.
 *
 * @param keepAlive {@code false} makes the load generator send {@code Connection: close}
 * @param http2 offer HTTP/2 with ALPN (https only: Gatling speaks no clear-text HTTP/2)
 * @param resultsDir where {@code summary.json} and {@code latency.hlog} are written
 * @param path what each request GETs: {@code /api/chain?calls=..&workMs=..} unless set, e.g. to load
 *             the backend alone with {@code /work?workMs=10}
 * @param pauseMs how long a looping user waits after each response: the time its connection sits idle
 * @param pauseJitterMs the pause varies uniformly by this much either way, so that idle times spread
 *                      over a server's or a middlebox's timeout instead of all missing it
 * @param rate requests a second arriving whatever the answers (the open model); 0 for the closed model, where
 *             {@code users} each send their next request once their last is answered
 * @param anyAnswer every 200 counts as a success, whatever its body: for a service that is not the lab's, whose
 *                  answers are no JSON from the chain
 */
record SimulationParameters(String baseUrl, int users, int durationSeconds, int warmupSeconds, int calls, int workMs,
		boolean keepAlive, boolean http2, Path resultsDir, String path, int pauseMs, int pauseJitterMs, int rate, boolean anyAnswer) {

	SimulationParameters {
		if (pauseJitterMs > pauseMs) {
			throw new IllegalArgumentException("Invalid system property pauseJitterMs='" + pauseJitterMs
					+ "': expected at most pauseMs (" + pauseMs + ")");
		}
	}

	static SimulationParameters fromSystemProperties() {
		return from(System::getProperty);
	}

	/** Reads each parameter with {@code property}, which answers {@code null} for an unset one. */
	static SimulationParameters from(Function<String, String> property) {
		Reader reader = new Reader(property);
		return new SimulationParameters(reader.baseUrl("baseUrl", "http://localhost:8080"),
				reader.integer("users", 4, 1, 1000), reader.integer("durationSeconds", 20, 1, 3600),
				reader.integer("warmupSeconds", 5, 0, 600), reader.integer("calls", 2, 1, 50),
				reader.integer("workMs", 10, 0, 10_000), reader.bool("keepAlive", true), reader.bool("http2", false),
				reader.path("resultsDir", "target/chain-results"), reader.requestPath("path"),
				reader.integer("pauseMs", 0, 0, 60_000), reader.integer("pauseJitterMs", 0, 0, 60_000),
				reader.integer("rate", 0, 0, 10_000), reader.bool("anyAnswer", false));
	}

	/** Whether requests arrive at a constant rate (open model) rather than from a fixed number of users. */
	boolean openModel() {
		return this.rate > 0;
	}

	/** The path and query every request GETs. */
	String target() {
		return (this.path != null) ? this.path : "/api/chain?calls=" + this.calls + "&workMs=" + this.workMs;
	}

	Duration shortestPause() {
		return Duration.ofMillis(this.pauseMs - this.pauseJitterMs);
	}

	Duration longestPause() {
		return Duration.ofMillis(this.pauseMs + this.pauseJitterMs);
	}

	Duration duration() {
		return Duration.ofSeconds(this.durationSeconds);
	}

	Duration warmup() {
		return Duration.ofSeconds(this.warmupSeconds);
	}

	private record Reader(Function<String, String> property) {

		int integer(String name, int defaultValue, int min, int max) {
			String value = this.property.apply(name);
			if (value == null) {
				return defaultValue;
			}
			try {
				int parsed = Integer.parseInt(value.trim());
				if (parsed >= min && parsed <= max) {
					return parsed;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw invalid(name, value, "an integer from " + min + " to " + max);
		}

		boolean bool(String name, boolean defaultValue) {
			String value = this.property.apply(name);
			if (value == null) {
				return defaultValue;
			}
			return switch (value.trim().toLowerCase(Locale.ROOT)) {
				case "true" -> true;
				case "false" -> false;
				default -> throw invalid(name, value, "true or false");
			};
		}

		String baseUrl(String name, String defaultValue) {
			String value = this.property.apply(name);
			if (value == null) {
				return defaultValue;
			}
			try {
				URI uri = new URI(value.trim());
				if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
						&& uri.getQuery() == null) {
					return value.trim().replaceAll("/+$", "");
				}
			}
			catch (URISyntaxException ex) {
				// reported below
			}
			throw invalid(name, value, "an http or https URL such as http://localhost:8080");
		}

		/** {@code null} when unset: the chain. */
		String requestPath(String name) {
			String value = this.property.apply(name);
			if (value == null) {
				return null;
			}
			// RFC 3986's path and query characters, without '#' and '{', which Gatling's expression language reads
			if (value.trim().matches("/[A-Za-z0-9/_.~%!$&'()*+,;=:@-]*(\\?[A-Za-z0-9/_.~%!$&'()*+,;=:@?-]*)?")) {
				return value.trim();
			}
			throw invalid(name, value, "a path with an optional query, such as /work?workMs=10");
		}

		Path path(String name, String defaultValue) {
			String value = this.property.apply(name);
			if (value == null) {
				return Path.of(defaultValue).toAbsolutePath();
			}
			if (value.isBlank()) {
				throw invalid(name, value, "a directory path");
			}
			return Path.of(value.trim()).toAbsolutePath();
		}

		private static IllegalArgumentException invalid(String name, String value, String expected) {
			return new IllegalArgumentException(
					"Invalid system property " + name + "='" + value + "': expected " + expected);
		}

	}

}
