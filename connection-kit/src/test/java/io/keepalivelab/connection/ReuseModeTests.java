package io.keepalivelab.connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReuseModeTests {

	@ParameterizedTest
	@CsvSource({ "true, false, reuse", "false, false, no-reuse", "true, true, client-per-request",
			"false, true, 'no-reuse,client-per-request'" })
	void eachCombinationIsNamedByTheProfilesThatSelectIt(boolean keepAlive, boolean clientPerRequest, String name) {
		assertThat(new ReuseMode(keepAlive, clientPerRequest).name()).isEqualTo(name);
	}
}
