package io.keepalivelab.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.load.ReuseMode;
import io.keepalivelab.load.ScenarioSettings;
import io.keepalivelab.load.ServerStack;
import io.keepalivelab.load.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which scenarios a command line runs, in which order, under which names, and what each writes. */
class ScenarioTests {

	@TempDir
	Path dir;

	@Test
	void theDefaultRunComparesReuseWithNoReuseOnPlainHttp() {
		assertThat(names()).containsExactly("reuse.plain", "no-reuse.plain");
	}

	@Test
	void transportsOuterModesInnerAsTheReportComparesThem() {
		assertThat(names("--modes", "reuse,no-reuse+client-per-request", "--transports", "tls12,h2c"))
			.containsExactly("reuse.tls12", "no-reuse+client-per-request.tls12", "reuse.h2c",
					"no-reuse+client-per-request.h2c");
	}

	@Test
	void theMatrixIsSixteenScenarios() {
		assertThat(names("--matrix")).hasSize(16).startsWith("reuse.plain").endsWith("no-reuse+client-per-request.h2");
	}

	@Test
	void withMoreThanOneStackChainTheChainEndsTheName() {
		assertThat(names("--modes", "reuse", "--stacks", "netty,tomcat,tomcat/netty/netty"))
			.containsExactly("reuse.plain.netty", "reuse.plain.tomcat", "reuse.plain.tomcat-netty-netty");
	}

	@Test
	void aChainOnOneStackIsNamedByItAlone() {
		assertThat(names("--stacks", "tomcat/tomcat/tomcat")).containsExactly("reuse.plain", "no-reuse.plain");
	}

	@Test
	void theModeIsAProfileAndTheTransportFollows() {
		List<Scenario> scenarios = Scenario.of(
				LabCommand.parse("--modes", "no-reuse+client-per-request", "--transports", "plain,tls13"), (skipped) -> {
				});

		assertThat(scenarios).extracting(Scenario::profiles)
			.containsExactly("no-reuse+client-per-request", "no-reuse+client-per-request,tls13");
	}

	@Test
	void faultsRunEachConfigurationOnEachChainButStormOnlyWithANettyBackend() {
		List<String> skipped = new ArrayList<>();
		List<Scenario> scenarios = Scenario.of(LabCommand.parse("--faults", "idle-drop,storm", "--stacks",
				"netty,tomcat/tomcat/netty,netty/netty/tomcat"), skipped::add);

		assertThat(scenarios).extracting(Scenario::name)
			.containsExactly("idle-drop.misconfigured.netty", "idle-drop.misconfigured.tomcat-tomcat-netty",
					"idle-drop.misconfigured.netty-netty-tomcat", "idle-drop.hardened.netty",
					"idle-drop.hardened.tomcat-tomcat-netty", "idle-drop.hardened.netty-netty-tomcat", "storm.hardened.netty",
					"storm.hardened.tomcat-tomcat-netty");
		assertThat(skipped).singleElement().asString().startsWith("storm skipped on netty/netty/tomcat: ");
		assertThat(scenarios).allSatisfy((scenario) -> assertThat(scenario.profiles()).isEqualTo("reuse"));
	}

	@Test
	void allFaultsIsEveryEntryOfTheCatalogue() {
		assertThat(names("--faults", "all")).containsExactly("idle-timeout.misconfigured", "idle-timeout.hardened",
				"idle-drop.misconfigured", "idle-drop.hardened", "freeze.misconfigured", "freeze.hardened",
				"storm.hardened", "backend-restart.hardened", "slow-backend.hardened");
	}

	@Test
	void scenarioJsonIsWhatTheReportReads() {
		LabOptions options = LabCommand.parse("--modes", "no-reuse", "--transports", "tls12", "--stacks",
				"tomcat/netty/netty", "--jitter", "0.25", "--tls-resumption", "off");
		Scenario scenario = Scenario.of(options, (skipped) -> {
		}).get(0);
		Path file = this.dir.resolve(ScenarioSettings.FILE_NAME);

		LabRun.JSON.writeValue(file.toFile(), ScenarioFile.of(scenario, options));

		ScenarioSettings read = ScenarioSettings.read(file);
		assertThat(read.name()).isEqualTo("no-reuse.tls12");
		assertThat(read.mode()).isEqualTo(ReuseMode.NO_REUSE);
		assertThat(read.transport()).isEqualTo(Transport.TLS12);
		assertThat(read.customerDelayMs()).isEqualTo(15);
		assertThat(read.internalDelayMs()).isEqualTo(0.5);
		assertThat(read.clientKeepAlive()).isFalse();
		assertThat(read.jit()).isEqualTo("c2");
		assertThat(read.stackOf("public-api")).contains(ServerStack.TOMCAT);
		assertThat(read.stackOf("backend-api")).contains(ServerStack.NETTY);
		assertThat(LabRun.JSON.readTree(file.toFile()).get("jitterMs").asDouble()).isEqualTo(0.25);
		assertThat(LabRun.JSON.readTree(file.toFile()).get("tlsResumption").asBoolean()).isFalse();
	}

	private static List<String> names(String... args) {
		return Scenario.of(LabCommand.parse(args), (skipped) -> {
		}).stream().map(Scenario::name).toList();
	}

}
