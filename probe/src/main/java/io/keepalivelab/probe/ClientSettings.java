package io.keepalivelab.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One set of durations, written out for each client the way that client spells them: the table below is the only
 * place that knows a client's API or property names. A line whose value was not measured is left out; a value that
 * a client has no setting for becomes a note.
 *
 * @param client the client's name
 * @param code the settings, as code, system properties or Spring properties
 * @param notes what the settings cannot express, or how the client applies them
 */
public record ClientSettings(String client, String code, List<String> notes) {

	/** What a line sets; all are milliseconds except {@link #UNANNOUNCED_LIMIT}, a number of requests. */
	enum Knob {

		/** Below the idle timeout. */
		MAX_IDLE,

		/** How often idle connections are closed in the background. */
		EVICTION,

		/** Below the maximum connection age. */
		MAX_LIFE,

		/** After this long idle, a connection is checked for a close before it is reused (a close it can see). */
		VALIDATE,

		/** Below the HTTP/2 idle timeout. */
		H2_IDLE,

		/** The request limit of a server that closes without announcing it, when no age was measured. */
		UNANNOUNCED_LIMIT

	}

	/** How a client writes a duration. */
	enum Unit {

		MILLIS, WHOLE_SECONDS, SPRING_DURATION

	}

	/**
	 * One line of a client's settings: {@code {}} is the knob's value in the client's unit, {@code {name}} the pool
	 * name; without a knob the line is always there.
	 * @param unless the line is left out when this knob has a value
	 */
	record Line(Knob knob, String template, Knob unless) {

		static Line of(String template) {
			return new Line(null, template, null);
		}

		static Line of(Knob knob, String template) {
			return new Line(knob, template, null);
		}

	}

	/** A client: its name, how it writes durations, its lines, and facts about it that always hold. */
	record Client(String name, Unit unit, List<Line> lines, List<String> notes) {
	}

	// References: https://projectreactor.io/docs/netty/release/reference/http-client.html (connection pool),
	// https://hc.apache.org/httpcomponents-client-5.4.x/ (ConnectionConfig, RequestConfig, HttpClientBuilder),
	// https://square.github.io/okhttp/ (ConnectionPool),
	// https://docs.oracle.com/en/java/javase/21/docs/api/java.net.http/module-summary.html (system properties),
	// https://docs.spring.io/spring-cloud-gateway/reference/appendix.html (httpclient.pool properties)
	static final List<Client> CLIENTS = List.of(
			new Client("Reactor Netty", Unit.MILLIS, List.of(
					Line.of("ConnectionProvider.builder(\"{name}\")"),
					Line.of(Knob.MAX_IDLE, "    .maxIdleTime(Duration.ofMillis({}))"),
					Line.of(Knob.EVICTION, "    .evictInBackground(Duration.ofMillis({}))"),
					Line.of(Knob.MAX_LIFE, "    .maxLifeTime(Duration.ofMillis({}))"),
					new Line(Knob.UNANNOUNCED_LIMIT,
							"    .maxLifeTime(...) // below {} requests / your requests per second per connection",
							Knob.MAX_LIFE),
					Line.of("    .build();")),
					List.of()),
			new Client("Apache HttpClient 5", Unit.MILLIS, List.of(
					Line.of("PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()"),
					Line.of("    .setDefaultConnectionConfig(ConnectionConfig.custom()"),
					Line.of(Knob.MAX_LIFE, "        .setTimeToLive(TimeValue.ofMilliseconds({}))"),
					Line.of(Knob.VALIDATE, "        .setValidateAfterInactivity(TimeValue.ofMilliseconds({}))"),
					Line.of("        .build())"),
					Line.of("    .build();"),
					Line.of("CloseableHttpClient client = HttpClients.custom()"),
					Line.of("    .setConnectionManager(pool)"),
					Line.of(Knob.MAX_IDLE, "    .setDefaultRequestConfig(RequestConfig.custom()"
							+ ".setConnectionKeepAlive(TimeValue.ofMilliseconds({})).build())"),
					Line.of(Knob.EVICTION, "    .evictIdleConnections(TimeValue.ofMilliseconds({}))"),
					Line.of("    .build();")),
					List.of("setConnectionKeepAlive applies only when a response has no Keep-Alive header; with one, "
							+ "the client keeps the connection for the announced timeout, and evictIdleConnections, "
							+ "which checks about once per its own value, is what closes it sooner.",
							"setValidateAfterInactivity reads a connection idle that long before reusing it, which "
									+ "catches a close the server sent; it cannot catch a silent drop.")),
			new Client("OkHttp", Unit.MILLIS, List.of(
					Line.of("OkHttpClient client = new OkHttpClient.Builder()"),
					Line.of(Knob.MAX_IDLE, "    .connectionPool(new ConnectionPool(5, {}, TimeUnit.MILLISECONDS))"),
					Line.of("    .build();")),
					List.of("5 idle connections kept at most is OkHttp's default; keepAliveDuration is the idle time "
							+ "after which its pool closes a connection in the background.")),
			new Client("JDK HttpClient", Unit.WHOLE_SECONDS, List.of(
					Line.of(Knob.MAX_IDLE, "-Djdk.httpclient.keepalive.timeout={}"),
					Line.of(Knob.H2_IDLE, "-Djdk.httpclient.keepalive.timeout.h2={}")),
					List.of("System properties on the java command line, in whole seconds (rounded down). The default "
							+ "is 30 s since JDK 20 and 1200 s before; jdk.httpclient.keepalive.timeout.h2 exists "
							+ "since JDK 20 and otherwise follows jdk.httpclient.keepalive.timeout. The client keeps "
							+ "a connection for the Keep-Alive header's timeout when the server sends one.")),
			new Client("Spring Cloud Gateway", Unit.SPRING_DURATION, List.of(
					Line.of(Knob.MAX_IDLE, "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time={}"),
					Line.of(Knob.MAX_LIFE, "spring.cloud.gateway.server.webflux.httpclient.pool.max-life-time={}"),
					Line.of(Knob.EVICTION,
							"spring.cloud.gateway.server.webflux.httpclient.pool.eviction-interval={}")),
					List.of("The prefix since Spring Cloud Gateway 4.3 (Spring Cloud 2025.0); before, it is "
							+ "spring.cloud.gateway.httpclient.pool. Eviction is off by default (0).")));

	/**
	 * Every client's settings for these values; empty when there is no idle time to base them on.
	 * @param values milliseconds per knob (requests for {@link Knob#UNANNOUNCED_LIMIT}); absent: not measured
	 */
	static List<ClientSettings> of(String poolName, Map<Knob, Long> values) {
		if (!values.containsKey(Knob.MAX_IDLE)) {
			return List.of();
		}
		List<ClientSettings> settings = new ArrayList<>();
		for (Client client : CLIENTS) {
			StringBuilder code = new StringBuilder();
			List<String> notes = new ArrayList<>();
			for (Line line : client.lines()) {
				if (line.unless() != null && values.containsKey(line.unless())) {
					continue;
				}
				if (line.knob() == null) {
					code.append(line.template().replace("{name}", poolName)).append('\n');
					continue;
				}
				Long value = values.get(line.knob());
				if (value == null) {
					continue;
				}
				String formatted = format(line.knob(), value, client.unit());
				if (formatted == null) {
					notes.add(line.template().replace("={}", "").replace("-D", "") + " is left out: "
							+ TextReport.seconds(value / 1000.0) + " is less than its unit, a second.");
					continue;
				}
				code.append(line.template().replace("{}", formatted).replace("{name}", poolName)).append('\n');
			}
			if (values.containsKey(Knob.MAX_LIFE)
					&& client.lines().stream().noneMatch((line) -> line.knob() == Knob.MAX_LIFE)) {
				notes.add(client.name() + " has no setting for a connection's maximum age: its connections live until "
						+ "the server ends them at the age measured (see maxLifeTime above).");
			}
			notes.addAll(client.notes());
			settings.add(new ClientSettings(client.name(), code.toString(), List.copyOf(notes)));
		}
		return List.copyOf(settings);
	}

	/** The value in the client's unit, or null where the unit is too coarse for it. */
	static String format(Knob knob, long value, Unit unit) {
		if (knob == Knob.UNANNOUNCED_LIMIT) {
			return Long.toString(value);
		}
		return switch (unit) {
			case MILLIS -> Long.toString(value);
			case WHOLE_SECONDS -> (value >= 1000) ? Long.toString(value / 1000) : null;
			case SPRING_DURATION -> (value % 1000 == 0) ? (value / 1000) + "s" : value + "ms";
		};
	}

}
