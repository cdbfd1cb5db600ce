package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulationParametersTests {

	@Test
	void defaultsWhenNothingIsSet() {
		SimulationParameters parameters = SimulationParameters.from((name) -> null);
		assertThat(parameters).isEqualTo(new SimulationParameters("http://localhost:8080", 4, 20, 5, 2, 10, true, false,
				Path.of("target/chain-results").toAbsolutePath(), null, 0, 0, 0, false));
		assertThat(parameters.openModel()).isFalse();
		assertThat(parameters.target()).isEqualTo("/api/chain?calls=2&workMs=10");
	}

	@Test
	void readsEveryParameter() {
		Map<String, String> properties = Map.ofEntries(Map.entry("baseUrl", "http://public-api:8080/"),
				Map.entry("users", "16"), Map.entry("durationSeconds", "60"), Map.entry("warmupSeconds", "0"),
				Map.entry("calls", "5"), Map.entry("workMs", "0"), Map.entry("keepAlive", "FALSE"),
				Map.entry("http2", "true"), Map.entry("resultsDir", "/tmp/run/no-reuse"),
				Map.entry("path", "/work?workMs=10"), Map.entry("pauseMs", "900"), Map.entry("pauseJitterMs", "300"),
				Map.entry("rate", "50"), Map.entry("anyAnswer", "true"));
		SimulationParameters parameters = SimulationParameters.from(properties::get);
		assertThat(parameters).isEqualTo(
				new SimulationParameters("http://public-api:8080", 16, 60, 0, 5, 0, false, true,
						Path.of("/tmp/run/no-reuse"), "/work?workMs=10", 900, 300, 50, true));
		assertThat(parameters.openModel()).isTrue();
		assertThat(parameters.target()).isEqualTo("/work?workMs=10");
	}

	@Test
	void aPathMayCarryWhatAServiceOfOnesOwnTakes() {
		assertThat(SimulationParameters.from(Map.of("path", "/api/orders/42?ids=1,2&q=a%20b")::get).target())
			.isEqualTo("/api/orders/42?ids=1,2&q=a%20b");
	}

	@Test
	void pauseJitterCannotExceedThePause() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SimulationParameters.from(Map.of("pauseMs", "100", "pauseJitterMs", "101")::get))
			.withMessage("Invalid system property pauseJitterMs='101': expected at most pauseMs (100)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', textBlock = """
			users;           0;                     an integer from 1 to 1000
			users;           four;                  an integer from 1 to 1000
			durationSeconds; 3601;                  an integer from 1 to 3600
			warmupSeconds;   -1;                    an integer from 0 to 600
			calls;           51;                    an integer from 1 to 50
			workMs;          10.5;                  an integer from 0 to 10000
			keepAlive;       yes;                   true or false
			http2;           h2;                    true or false
			baseUrl;         localhost:8080;        an http or https URL
			baseUrl;         http://host/?calls=2;  an http or https URL
			resultsDir;      ' ';                   a directory path
			path;            work;                  a path with an optional query
			path;            /work?x=<script>;      a path with an optional query
			path;            /orders/#{id};         a path with an optional query
			anyAnswer;       maybe;                 true or false
			pauseMs;         60001;                 an integer from 0 to 60000
			""")
	void rejectsBadValueNamingThePropertyAndWhatIsExpected(String name, String value, String expected) {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulationParameters.from(Map.of(name, value)::get))
			.withMessageStartingWith("Invalid system property " + name + "='" + value + "': expected " + expected);
	}

}
