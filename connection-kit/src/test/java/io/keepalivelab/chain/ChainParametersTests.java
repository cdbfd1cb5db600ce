package io.keepalivelab.chain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainParametersTests {

	@ParameterizedTest
	@CsvSource({ "2, 10", "3, 10000", "50, 600", "1, 10000", "50, 0", "10, 3000" })
	void workUpToTheBoundIsAllowed(int calls, int workMs) {
		assertThatCode(() -> ChainParameters.requireTotalWorkWithinBound(calls, workMs)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@CsvSource({ "50, 10000, 500000", "4, 10000, 40000", "50, 601, 30050", "30001, 1, 30001" })
	void moreWorkThanTheBoundNamesWhatWasAskedTheBoundAndWhatToLower(int calls, int workMs, long total) {
		assertThatThrownBy(() -> ChainParameters.requireTotalWorkWithinBound(calls, workMs))
			.isInstanceOfSatisfying(TooMuchWorkException.class, ex -> {
				assertThat(ex.totalWorkMs()).isEqualTo(total);
				assertThat(ex.maxTotalWorkMs()).isEqualTo(ChainParameters.MAX_TOTAL_WORK_MS);
				assertThat(ex.parameters()).containsExactly("calls", "workMs");
				assertThat(ex.getMessage())
					.isEqualTo("calls x workMs must be at most 30000 ms of backend work per request, got " + calls + " x "
							+ workMs + " = " + total + " ms: lower calls or workMs");
			});
	}

}
