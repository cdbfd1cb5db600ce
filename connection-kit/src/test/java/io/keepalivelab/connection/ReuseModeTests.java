package io.keepalivelab.connection;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ReuseModeTests {

	@ParameterizedTest
	@CsvSource({ "true, false, reuse", "false, false, no-reuse", "true, true, client-per-request",
			"false, true, no-reuse+client-per-request" })
	void eachCombinationIsNamedByTheProfileThatSelectsIt(boolean keepAlive, boolean clientPerRequest, String name) {
		assertThat(new ReuseMode(keepAlive, clientPerRequest).name()).isEqualTo(name);
	}

	/** The services' own configuration, imported as their application.yml imports it. */
	@ParameterizedTest
	@ValueSource(strings = { "reuse", "no-reuse", "client-per-request", "no-reuse+client-per-request" })
	void eachModesProfileSelectsTheModeOfItsName(String profile) {
		try (ConfigurableApplicationContext context = start(profile)) {
			assertThat(ReuseMode.of(context.getBean(ClientProperties.class)).name()).isEqualTo(profile);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "no-reuse+client-per-request", "no-reuse,client-per-request" })
	void theFourthModeIsBothSwitchesWhicheverWayItIsActivated(String profiles) {
		try (ConfigurableApplicationContext context = start(profiles)) {
			assertThat(context.getEnvironment().getActiveProfiles()).contains("no-reuse", "client-per-request");
			assertThat(ReuseMode.of(context.getBean(ClientProperties.class)).name())
				.isEqualTo("no-reuse+client-per-request");
		}
	}

	private static ConfigurableApplicationContext start(String profiles) {
		return new SpringApplicationBuilder(Properties.class)
			.profiles(Arrays.stream(profiles.split(",")).toArray(String[]::new))
			.run("--spring.config.import=classpath:keepalive-lab.yml", "--spring.main.web-application-type=none",
					"--spring.main.banner-mode=off", "--spring.main.log-startup-info=false");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClientProperties.class)
	static class Properties {

	}

}
