package io.keepalivelab.connection;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdleRulesTests {

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = {
			// seconds: max-idle-time, eviction-interval, idle-timeout, idle-drop | the rules they break
			"20, 5, 60, 30, ''", "20, 5, -, -, ''", "59, 5, 60, -, ''", "60, 5, 60, -, idle-timeout",
			"90, 5, 60, -, idle-timeout", "20, 5, 60, 20, idle-drop", "20, 5, -, 10, idle-drop",
			"20, 0, 60, -, eviction", "20, 0, -, -, eviction", "90, 0, 60, 30, idle-timeout idle-drop eviction" })
	void eachBrokenRuleIsOneWarning(int maxIdleTime, int evictionInterval, Integer idleTimeout, Integer idleDrop,
			String broken) {
		assertThat(IdleRules.broken("backend-api", pool(seconds(maxIdleTime), seconds(evictionInterval)),
				target(seconds(idleTimeout), seconds(idleDrop))))
			.allSatisfy(warning -> assertThat(warning).startsWith("backend-api: "))
			.extracting(IdleRulesTests::ruleOf)
			.containsExactly(broken.isEmpty() ? new String[0] : broken.split(" "));
	}

	@Test
	void warningsNameTheDownstreamTheValuesAndTheFix() {
		assertThat(IdleRules.broken("backend-api", pool(Duration.ofSeconds(90), Duration.ZERO),
				target(Duration.ofSeconds(60), Duration.ofMillis(45_500))))
			.containsExactly(
					"backend-api: keepalive-lab.client.pool.max-idle-time 90s is not below the downstream's idle timeout "
							+ "(keepalive-lab.downstreams.backend-api.idle-timeout 60s): the server may close a pooled "
							+ "connection just as a request is written on it. Set max-idle-time below 60s.",
					"backend-api: keepalive-lab.client.pool.max-idle-time 90s is not below the idle drop on the path "
							+ "(keepalive-lab.downstreams.backend-api.idle-drop 45500ms): a middlebox forgets idle "
							+ "connections without a word, and a request on one waits for the response timeout. Set "
							+ "max-idle-time below 45500ms.",
					"backend-api: background eviction is off (keepalive-lab.client.pool.eviction-interval 0): "
							+ "connections idle for longer than max-idle-time 90s stay open until the pool is next used, "
							+ "so after a pause the server or a middlebox closes them first. Set eviction-interval above "
							+ "0, e.g. 5s.");
	}

	private static String ruleOf(String warning) {
		if (warning.contains(".idle-timeout ")) {
			return "idle-timeout";
		}
		if (warning.contains(".idle-drop ")) {
			return "idle-drop";
		}
		return warning.contains("eviction-interval 0") ? "eviction" : warning;
	}

	private static Duration seconds(Integer seconds) {
		return (seconds != null) ? Duration.ofSeconds(seconds) : null;
	}

	private static ClientProperties.Pool pool(Duration maxIdleTime, Duration evictionInterval) {
		return new ClientProperties.Pool(50, maxIdleTime, Duration.ofMinutes(5), evictionInterval, Duration.ofSeconds(5),
				100);
	}

	private static DownstreamProperties.Downstream target(Duration idleTimeout, Duration idleDrop) {
		return new DownstreamProperties.Downstream(URI.create("http://localhost:8082"), Duration.ofSeconds(15),
				idleTimeout, idleDrop);
	}
}
