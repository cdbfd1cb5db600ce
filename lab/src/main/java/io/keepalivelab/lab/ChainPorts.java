package io.keepalivelab.lab;

import java.util.List;

import io.keepalivelab.testsupport.Ports;

/**
 * The ports of a chain: each service's, the link in front of each, and the link emulator's admin endpoint.
 * Fixed from a base port for the demo, free ones for tests.
 */
public record ChainPorts(int publicApi, int orchestration, int backend, int customerLink,
		int publicToOrchestrationLink, int orchestrationToBackendLink, int admin) {

	/** Public-api on {@code base}, orchestration-api on +1, backend-api on +2, the links on +10..+12, admin on +19. */
	public static ChainPorts fromBase(int base) {
		return new ChainPorts(base, base + 1, base + 2, base + 10, base + 11, base + 12, base + 19);
	}

	/** Ports free now, so that every process can be told its peers' ports before they have started. */
	public static ChainPorts free() {
		return new ChainPorts(Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
				Ports.free());
	}

	public int of(Service service) {
		return switch (service) {
			case PUBLIC_API -> this.publicApi;
			case ORCHESTRATION_API -> this.orchestration;
			case BACKEND_API -> this.backend;
		};
	}

	/** The port of the link in front of {@code service}. */
	public int linkInFrontOf(Service service) {
		return switch (service) {
			case PUBLIC_API -> this.customerLink;
			case ORCHESTRATION_API -> this.publicToOrchestrationLink;
			case BACKEND_API -> this.orchestrationToBackendLink;
		};
	}

	public List<Integer> all() {
		return List.of(this.publicApi, this.orchestration, this.backend, this.customerLink,
				this.publicToOrchestrationLink, this.orchestrationToBackendLink, this.admin);
	}

}
