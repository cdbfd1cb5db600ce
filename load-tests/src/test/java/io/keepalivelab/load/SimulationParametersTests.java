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
				Path.of("target/chain-results").toAbsolutePath()));
	}

	@Test
	void readsEveryParameter() {
		Map<String, String> properties = Map.of("baseUrl", "http://public-api:8080/", "users", "16",
				"durationSeconds", "60", "warmupSeconds", "0", "calls", "5", "workMs", "0", "keepAlive", "FALSE",
				"http2", "true", "resultsDir", "/tmp/run/no-reuse");
		SimulationParameters parameters = SimulationParameters.from(properties::get);
		assertThat(parameters).isEqualTo(
				new SimulationParameters("http://public-api:8080", 16, 60, 0, 5, 0, false, true,
						Path.of("/tmp/run/no-reuse")));
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
			""")
	void rejectsBadValueNamingThePropertyAndWhatIsExpected(String name, String value, String expected) {
		assertThatIllegalArgumentException().isThrownBy(() -> SimulationParameters.from(Map.of(name, value)::get))
			.withMessageStartingWith("Invalid system property " + name + "='" + value + "': expected " + expected);
	}

}
