package io.keepalivelab.chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedIntTests {

	private final BoundedInt calls = new BoundedInt("calls", 1, 50, 2);

	@Test
	void absentParameterTakesTheDefault() {
		assertThat(calls.from(new LinkedMultiValueMap<>())).isEqualTo(2);
	}

	@ParameterizedTest
	@CsvSource({ "1, 1", "50, 50", "' 7 ', 7", "+7, 7", "007, 7" })
	void valuesInsideTheRangeAreRead(String value, int expected) {
		assertThat(calls.from(query(value))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "0|calls must be in 1..50, got 0", "51|calls must be in 1..50, got 51",
			"-3|calls must be in 1..50, got -3", "abc|calls must be an integer in 1..50, got 'abc'",
			"''|calls must be an integer in 1..50, got ''", "2.5|calls must be an integer in 1..50, got '2.5'",
			"99999999999|calls must be an integer in 1..50, got '99999999999'",
			"123456789012345678901234|calls must be an integer in 1..50, got '12345678901234567890...'" })
	void valuesOutsideTheRangeOrFormAreRejectedNamingTheParameter(String value, String detail) {
		assertThatThrownBy(() -> calls.from(query(value))).isInstanceOfSatisfying(InvalidParameterException.class,
				ex -> {
					assertThat(ex.parameter()).isEqualTo("calls");
					assertThat(ex.allowed()).isEqualTo("1..50");
					assertThat(ex.getMessage()).isEqualTo(detail);
				});
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0661\u0662", "\uff11\uff12", "\u0967", "1\u0662" })
	void digitsOfOtherScriptsAreNotIntegers(String value) {
		assertThatThrownBy(() -> calls.from(query(value))).isInstanceOf(InvalidParameterException.class)
			.hasMessage("calls must be an integer in 1..50, got '" + value + "'");
	}

	@Test
	void longValueIsCutBetweenCharactersNotInsideOne() {
		String value = "a".repeat(19) + "\ud83d\ude00" + "b";
		assertThatThrownBy(() -> calls.from(query(value))).isInstanceOf(InvalidParameterException.class)
			.hasMessage("calls must be an integer in 1..50, got '" + "a".repeat(19) + "\ud83d\ude00...'");
	}

	@Test
	void repeatedParameterIsRejected() {
		MultiValueMap<String, String> query = query("1");
		query.add("calls", "2");
		assertThatThrownBy(() -> calls.from(query)).isInstanceOf(InvalidParameterException.class)
			.hasMessage("calls must be given once, got 2 values");
	}

	@Test
	void defaultOutsideTheRangeIsAProgrammingError() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedInt("calls", 1, 50, 0));
	}

	private static MultiValueMap<String, String> query(String value) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		query.add("calls", value);
		return query;
	}
}
