package io.keepalivelab.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of the chain: a reuse mode and a transport, or a fault and a client configuration, on one chain
 * of server stacks. Named {@code mode.transport} or {@code fault.configuration}; with more than one chain
 * of stacks, the chain's name ends it ({@code tomcat/netty/netty} as {@code tomcat-netty-netty}).
 */
public record Scenario(String name, String mode, String transport, Stacks stacks, Fault fault,
		ClientConfiguration configuration) {

	/** The reuse mode of every fault run: the profile whose pools the faults meet. */
	static final String FAULT_MODE = "reuse";

	public boolean faultRun() {
		return this.fault != null;
	}

	/**
	 * The Spring profiles of every service: the mode's (each mode is a profile of the same name), then the
	 * transport's unless it is plain HTTP/1.1.
	 */
	public String profiles() {
		return this.transport.equals("plain") ? this.mode : this.mode + "," + this.transport;
	}

	/**
	 * The scenarios of a run, in the order they run: every transport, mode within it, stack chain within that;
	 * or every fault with each of its client configurations on each stack chain that it runs on.
	 * {@code skipped} hears of each fault left out on a chain, and why.
	 */
	public static List<Scenario> of(LabOptions options, Consumer<String> skipped) {
		Map<String, Stacks> chains = options.stacks;
		List<Scenario> scenarios = new ArrayList<>();
		if (options.faultRun()) {
			for (String id : options.faults) {
				Fault fault = Fault.of(id).orElseThrow();
				for (ClientConfiguration configuration : fault.configurations()) {
					chains.forEach((label, stacks) -> {
						fault.skippedOn(stacks.backend()).ifPresentOrElse(
								(reason) -> skipped.accept(fault.id() + " skipped on " + label + ": " + reason),
								() -> scenarios.add(new Scenario(name(fault.id(), configuration.id(), label, chains.size()),
										FAULT_MODE, "plain", stacks, fault, configuration)));
					});
				}
			}
		}
		else {
			for (String transport : options.transports) {
				for (String mode : options.modes) {
					chains.forEach((label, stacks) -> scenarios
						.add(new Scenario(name(mode, transport, label, chains.size()), mode, transport, stacks, null, null)));
				}
			}
		}
		return List.copyOf(scenarios);
	}

	private static String name(String first, String second, String stacks, int chains) {
		return first + "." + second + ((chains > 1) ? "." + stacks.replace('/', '-') : "");
	}

}
