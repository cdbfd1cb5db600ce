package io.keepalivelab.deploy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The expansion the tests rely on behaves as the kubelet's (cases from Kubernetes' expand_test.go). */
class KubeletEnvironmentTests {

	private static final Map<String, String> DEFINED = Map.of("REUSE_PROFILE", "no-reuse", "STACK_PROFILE", "tomcat",
			"EMPTY", "");

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
			"$(REUSE_PROFILE),$(STACK_PROFILE)|no-reuse,tomcat",
			"$(REUSE_PROFILE),$(STACK_PROFILE),h2c|no-reuse,tomcat,h2c",
			"$(UNDEFINED),x|$(UNDEFINED),x",
			"$(EMPTY)x|x",
			"$$(REUSE_PROFILE)|$(REUSE_PROFILE)",
			"$$$(REUSE_PROFILE)|$no-reuse",
			"price $5|price $5",
			"trailing $|trailing $",
			"$(REUSE_PROFILE|$(REUSE_PROFILE",
			"waited=`expr \"$waited\" + 2`|waited=`expr \"$waited\" + 2`",
			"$(( $(date +%s) + 1 ))|$(( $(date +%s) + 1 ))" })
	void expandsAsTheKubeletDoes(String value, String expanded) {
		assertThat(KubeletEnvironment.expand(value, DEFINED)).isEqualTo(expanded);
	}

}
