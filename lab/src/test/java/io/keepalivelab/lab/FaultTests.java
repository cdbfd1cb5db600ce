package io.keepalivelab.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.keepalivelab.load.FaultSettings;
import io.keepalivelab.load.FaultSettings.Expect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault catalogue holds together: every entry can run, says what it expects, and writes its fault.json. */
class FaultTests {

	private static final Set<String> LINKS = Set.of("customer", "public-to-orchestration", "orchestration-to-backend");

	@TempDir
	Path dir;

	@Test
	void idsAreUniqueAndInTheOrderTheDemoRunsThem() {
		assertThat(Fault.ids()).doesNotHaveDuplicates()
			.containsExactly("idle-timeout", "idle-drop", "freeze", "storm", "backend-restart", "slow-backend");
	}

	@ParameterizedTest
	@EnumSource(Fault.class)
	void aFaultTheClientCanGetWrongComparesBothConfigurationsAndTheOthersAreBounded(Fault fault) {
		List<ClientConfiguration> configurations = fault.configurations();

		assertThat(configurations).endsWith(ClientConfiguration.HARDENED);
		if (configurations.size() == 2) {
			assertThat(fault.expect(ClientConfiguration.MISCONFIGURED)).isEqualTo(Expect.FAILURES);
			assertThat(fault.expect(ClientConfiguration.HARDENED)).isEqualTo(Expect.NO_FAILURES);
			assertThat(fault.properties(Service.ORCHESTRATION_API, Stacks.NETTY, ClientConfiguration.MISCONFIGURED))
				.containsAllEntriesOf(ClientConfiguration.MISCONFIGURED.properties());
		}
		else {
			assertThat(fault.expect(ClientConfiguration.HARDENED)).isEqualTo(Expect.BOUNDED);
			assertThat(fault.properties(Service.ORCHESTRATION_API, Stacks.NETTY, ClientConfiguration.HARDENED))
				.doesNotContainKeys(ClientConfiguration.HARDENED.properties().keySet().toArray(String[]::new));
		}
	}

	@ParameterizedTest
	@EnumSource(Fault.class)
	void actionsFallInsideTheMeasuredPhaseAndNameARealLink(Fault fault) {
		assertThat(fault.actions()).isSortedAccordingTo((a, b) -> Integer.compare(a.second(), b.second()))
			.allSatisfy((action) -> {
				assertThat(action.second()).isBetween(0, fault.load().durationSeconds() - 1);
				if (action.kind() == FaultAction.Kind.FREEZE) {
					assertThat(action.link()).isIn(LINKS);
					assertThat(action.duration()).isLessThan(fault.timeout());
				}
			});
		assertThat(fault.load().pauseJitterMs()).isLessThanOrEqualTo(fault.load().pauseMs());
		assertThat(fault.timeout()).isPositive();
	}

	@Test
	void theBackendsIdleTimeoutIsSetInItsOwnStacksProperty() {
		assertThat(Fault.IDLE_TIMEOUT.properties(Service.BACKEND_API, Stacks.NETTY, ClientConfiguration.HARDENED))
			.containsEntry("server.netty.idle-timeout", "1s")
			.doesNotContainKey("server.tomcat.keep-alive-timeout");
		assertThat(Fault.FREEZE.args(Service.BACKEND_API, Stacks.TOMCAT, ClientConfiguration.HARDENED))
			.containsExactly("--server.tomcat.keep-alive-timeout=1s");
	}

	@Test
	void onlyTheStormIsLeftOutAndOnlyWithATomcatBackend() {
		assertThat(Stream.of(Fault.values()).filter((fault) -> fault.skippedOn(Stacks.TOMCAT).isPresent()))
			.containsExactly(Fault.STORM);
		assertThat(Stream.of(Fault.values()).filter((fault) -> fault.skippedOn(Stacks.NETTY).isPresent())).isEmpty();
	}

	@Test
	void faultsChangeOnlyTheLinkInFrontOfTheBackend() {
		Links base = Links.of(new java.math.BigDecimal("15"), new java.math.BigDecimal("0.5"), java.math.BigDecimal.ZERO);

		assertThat(Fault.IDLE_TIMEOUT.links(base).delayOf(Service.BACKEND_API)).isEqualByComparingTo("25");
		assertThat(Fault.IDLE_TIMEOUT.links(base).delayOf(Service.PUBLIC_API)).isEqualByComparingTo("15");
		assertThat(Fault.IDLE_DROP.links(base).idleDrops()).containsOnlyKeys(Service.BACKEND_API)
			.containsEntry(Service.BACKEND_API, Duration.ofSeconds(1));
		assertThat(Fault.SLOW_BACKEND.links(base)).isEqualTo(base);
	}

	@ParameterizedTest
	@EnumSource(Fault.class)
	void faultJsonIsWhatTheReportReads(Fault fault) {
		for (ClientConfiguration configuration : fault.configurations()) {
			Path file = this.dir.resolve(fault.id() + "." + configuration.id() + ".json");
			LabRun.JSON.writeValue(file.toFile(), fault.settings(configuration));

			FaultSettings read = FaultSettings.read(file);
			assertThat(read.fault()).isEqualTo(fault.id());
			assertThat(read.configuration()).isEqualTo(configuration.id());
			assertThat(read.description()).isEqualTo(fault.description());
			assertThat(read.expect()).isEqualTo(fault.expect(configuration));
			assertThat(read.timeoutMs()).isEqualTo(fault.timeout().toMillis());
			assertThat(read.windows()).isEqualTo(fault.windows());
		}
	}

	@Test
	void windowsSpanEachFreezeAndTheBackendsDowntimeAndNoneForAFaultOfTheWholeRun() {
		assertThat(Fault.FREEZE.windows()).containsExactly(new FaultSettings.Window(3, 5.5),
				new FaultSettings.Window(8, 10.5));
		assertThat(Fault.BACKEND_RESTART.windows()).containsExactly(new FaultSettings.Window(3, 6));
		assertThat(Fault.IDLE_DROP.windows()).isEmpty();
	}

}
