package io.keepalivelab.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of {@link LinkEmulator}, read and checked before anything starts, so a typo fails
 * with a message rather than with a half-started set of links.
 *
 * @param links         the links to start, names and non-zero listen ports unique
 * @param bindAddress   the address the links and the admin endpoint listen on
 * @param adminPort     the admin endpoint's port, if one is wanted
 * @param idleDropAfter by link name, the idle-drop each of those links starts with
 */
record EmulatorOptions(List<LinkConfig> links, String bindAddress, OptionalInt adminPort,
		Map<String, Duration> idleDropAfter) {

	/** The command-line form of a fault a link starts with. */
	static final String FAULT_SPEC = "name=idle-drop:afterMs";

	static final String USAGE = """
			Usage: link-emulator [--bind ADDRESS] [--admin-port PORT] --link SPEC [--link SPEC]... [--fault SPEC]...

			Emulates network links in user space: each link is a TCP proxy that delays every chunk of
			bytes, FIN and RST by its one-way delay, and makes each new connection pay the TCP
			handshake's round trip. Faults that connection pools meet in production (a NAT's idle
			timeout, a frozen peer, resets) can be switched on at start or while it runs.

			  --link SPEC         %s
			                      e.g. customer=18080:127.0.0.1:8080:15 or dc=18081:backend:8081:0.5:0.1
			                      delays in milliseconds (0 to %s, sub-millisecond allowed),
			                      jitter 0 to the delay; listenPort 0 picks a free port
			  --fault SPEC        %s: start the link with a NAT's idle timeout: it forgets
			                      a connection that carried nothing for afterMs (1 to %d), then
			                      what is sent on it vanishes, with no FIN or RST to either side
			                      e.g. customer=idle-drop:350000
			  --bind ADDRESS      address the links and the admin endpoint listen on (default %s)
			  --admin-port PORT   serve the links' counters and faults as JSON, and switch faults at
			                      run time (0 picks a free port):
			                        GET    /links
			                        POST   /links/NAME/idle-drop?afterMs=N
			                        POST   /links/NAME/freeze?forMs=N     hold all traffic for N ms
			                        POST   /links/NAME/reset              reset every connection now
			                        POST   /links/NAME/reset?afterBytes=N reset each one after N bytes
			                        DELETE /links/NAME/faults             clear the faults
			  --help              print this text
			""".formatted(LinkConfig.SPEC, LinkConfig.millis(LinkConfig.MAX_DELAY), FAULT_SPEC, LinkFaults.MAX_MILLIS,
					LinkConfig.LOOPBACK);

	static EmulatorOptions parse(String... args) {
		String bindAddress = LinkConfig.LOOPBACK;
		OptionalInt adminPort = OptionalInt.empty();
		List<String> specs = new ArrayList<>();
		List<String> faults = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (!List.of("--link", "--fault", "--bind", "--admin-port").contains(option)) {
				throw new IllegalArgumentException("unknown argument '" + option + "'");
			}
			if (i + 1 == args.length) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			String value = args[++i];
			switch (option) {
				case "--link" -> specs.add(value);
				case "--fault" -> faults.add(value);
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
		return new EmulatorOptions(List.copyOf(links), bindAddress, adminPort, idleDrops(faults, links));
	}

	/** What each {@value #FAULT_SPEC} names, by link. */
	private static Map<String, Duration> idleDrops(List<String> specs, List<LinkConfig> links) {
		List<String> names = links.stream().map(LinkConfig::name).toList();
		Map<String, Duration> idleDrops = new HashMap<>();
		for (String spec : specs) {
			int equals = spec.indexOf('=');
			String[] fields = spec.substring(equals + 1).split(":", -1);
			if (equals < 1 || fields.length != 2) {
				throw new IllegalArgumentException("a fault must look like " + FAULT_SPEC + ", got '" + spec + "'");
			}
			String name = spec.substring(0, equals);
			if (!names.contains(name)) {
				throw new IllegalArgumentException(
						"--fault " + spec + ": there is no link '" + name + "' (links: " + String.join(", ", names) + ")");
			}
			String link = "link '" + name + "': ";
			if (!fields[0].equals("idle-drop")) {
				throw new IllegalArgumentException(link + "unknown fault '" + fields[0] + "', a link can start with idle-drop only");
			}
			if (idleDrops.put(name, LinkFaults.parseMillis(link + "idle-drop", fields[1])) != null) {
				throw new IllegalArgumentException(link + "idle-drop is given twice");
			}
		}
		return Map.copyOf(idleDrops);
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
