package io.keepalivelab.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's ports, as --base-port documents them. */
class ChainPortsTests {

	@Test
	void servicesFromTheBasePortLinksTenAboveAdminNineteenAbove() {
		ChainPorts ports = ChainPorts.fromBase(9200);

		assertThat(ports.all()).containsExactly(9200, 9201, 9202, 9210, 9211, 9212, 9219);
		assertThat(ports.of(Service.BACKEND_API)).isEqualTo(9202);
		assertThat(ports.linkInFrontOf(Service.PUBLIC_API)).isEqualTo(9210);
		assertThat(ports.linkInFrontOf(Service.BACKEND_API)).isEqualTo(9212);
	}

	@Test
	void freePortsAreSevenDifferentOnes() {
		assertThat(ChainPorts.free().all()).doesNotHaveDuplicates().hasSize(7);
	}

}
