package io.keepalivelab.link;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of {@link LinkEmulator}, read and checked before anything starts, so a typo fails
 * with a message rather than with a half-started set of links.
 *
 * @param links       the links to start, names and non-zero listen ports unique
 * @param bindAddress the address the links and the admin endpoint listen on
 * @param adminPort   the admin endpoint's port, if one is wanted
 */
record EmulatorOptions(List<LinkConfig> links, String bindAddress, OptionalInt adminPort) {

	static final String USAGE = """
			Usage: link-emulator [--bind ADDRESS] [--admin-port PORT] --link SPEC [--link SPEC]...

			Emulates network links in user space: each link is a TCP proxy that delays every chunk of
			bytes, FIN and RST by its one-way delay, and makes each new connection pay the TCP
			handshake's round trip.

			  --link SPEC         %s
			                      e.g. customer=18080:127.0.0.1:8080:15 or dc=18081:backend:8081:0.5:0.1
			                      delays in milliseconds (0 to %s, sub-millisecond allowed),
			                      jitter 0 to the delay; listenPort 0 picks a free port
			  --bind ADDRESS      address the links and the admin endpoint listen on (default %s)
			  --admin-port PORT   serve GET /links, the links' counters as JSON (0 picks a free port)
			  --help              print this text
			""".formatted(LinkConfig.SPEC, LinkConfig.millis(LinkConfig.MAX_DELAY), LinkConfig.LOOPBACK);

	static EmulatorOptions parse(String... args) {
		String bindAddress = LinkConfig.LOOPBACK;
		OptionalInt adminPort = OptionalInt.empty();
		List<String> specs = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (!List.of("--link", "--bind", "--admin-port").contains(option)) {
				throw new IllegalArgumentException("unknown argument '" + option + "'");
			}
			if (i + 1 == args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			String value = args[++i];
			switch (option) {
				case "--link" -> specs.add(value);
				case "--bind" -> bindAddress = value;
				default -> {
					adminPort = OptionalInt.of(LinkConfig.parseInt("--admin-port", value));
					LinkConfig.requirePort("--admin-port", adminPort.getAsInt(), 0);
				}
			}
		}
		if (specs.isEmpty()) {
			throw new IllegalArgumentException("at least one --link is needed");
		}
		List<LinkConfig> links = new ArrayList<>();
		for (String spec : specs) {
			links.add(LinkConfig.parse(spec, bindAddress));
		}
		requireUnique(links, adminPort);
		return new EmulatorOptions(List.copyOf(links), bindAddress, adminPort);
	}

	private static void requireUnique(List<LinkConfig> links, OptionalInt adminPort) {
		Set<String> names = new HashSet<>();
		Set<Integer> ports = new HashSet<>();
		adminPort.ifPresent(ports::add);
		for (LinkConfig link : links) {
			if (!names.add(link.name())) {
				throw new IllegalArgumentException("link '" + link.name() + "' is defined twice");
			}
			if (link.listenPort() != 0 && !ports.add(link.listenPort())) {
				throw new IllegalArgumentException(
						"link '" + link.name() + "': listen port " + link.listenPort() + " is already taken");
			}
		}
	}

}
