package io.keepalivelab.load;

import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The connections opened on each hop, counted by both ends and by the emulated network, against the
 * number that perfect reuse would need (in the spirit of Fortio's "Sockets used: 758 (for perfect
 * keepalive, would be 4)").
 */
final class ConnectionsTable {

	private ConnectionsTable() {
	}

	static Table of(List<ScenarioResult> scenarios) {
		boolean anyClosingClient = false;
		boolean anyWithoutLinks = false;
		boolean anyOpenModel = false;
		boolean withStacks = ServerStack.anyButDefaultIn(scenarios);
		boolean withRequestLimits = anyRequestLimit(scenarios);
		List<List<String>> rows = new ArrayList<>();
		for (ScenarioResult scenario : scenarios) {
			Integer rate = scenario.summary().ratePerSecond();
			anyOpenModel |= rate != null;
			// Open model: as many requests in flight as arrive during one answer (Little's law), at the median.
			long perfectReuse = (rate != null)
					? Math.max(1, (long) Math.ceil(rate * scenario.latencies().getValueAtPercentile(50) / 1000.0))
					: scenario.summary().users();
			anyWithoutLinks |= scenario.links().isEmpty();
			for (Hop hop : Hop.values()) {
				ConnectionsSnapshot.Inbound inbound = scenario.receiverOf(hop).inbound();
				boolean closingClient = hop == Hop.CLIENT_TO_PUBLIC && !scenario.summary().keepAlive();
				anyClosingClient |= closingClient;
				List<String> row = new ArrayList<>(List.of(scenario.name(), hop.label()));
				if (withStacks) {
					row.add(scenario.stackOf(hop.receiver()).map(ServerStack::id).orElse("-"));
				}
				row.addAll(List.of(Long.toString(inbound.carriedRequests()),
						scenario.callerOpened(hop).map(String::valueOf).orElse((hop.caller() == null) ? "-" : "n/a"),
						scenario.onTheWire(hop).map(String::valueOf).orElse("n/a [2]"), Long.toString(inbound.requests()),
						(inbound.requests() > 0) ? format("%.3f", (double) inbound.carriedRequests() / inbound.requests())
								: "n/a"));
				if (withRequestLimits) {
					row.add(closedAtRequestLimit(inbound.policy()));
				}
				row.add(perfectReuse + (closingClient ? " [1]" : ""));
				rows.add(row);
			}
		}
		List<String> notes = new ArrayList<>();
		notes.add("Server: connections with requests = connections that carried at least one request, as the "
				+ "receiving server counted them (connections it accepted that carried none, refused, failing TLS "
				+ "or unused, are left out, as are requests to its actuator); caller opened = what the calling "
				+ "service counted (- for the load generator); on the wire = what the link emulator accepted on that "
				+ "hop (links.json). Three counts of the same connections, from both ends and the network between. "
				+ "Opened per request and perfect reuse use the server's count: perfect reuse needs one connection "
				+ "per concurrent request, that is the number of users, on every hop. "
				+ "Counters cover the load, its warm-up included; with connections/before/ and links-before.json "
				+ "(read just before the load) what came before is subtracted, so a pool that the warm-up filled "
				+ "opens no connection at all during the load.");
		if (anyClosingClient) {
			notes.add("[1] keepAlive=false: the load generator sends Connection: close, so this hop opens one "
					+ "connection per request by design; perfect reuse would still need the number of users.");
		}
		if (anyOpenModel) {
			notes.add("Open model (--rate): perfect reuse needs as many connections as requests are in flight, "
					+ "rate x p50 (Little's law); queueing makes that more.");
		}
		if (anyWithoutLinks) {
			notes.add("[2] No links.json: the scenario ran without the link emulator, or before it counted.");
		}
		if (withStacks) {
			notes.add("Server stack: the server of the receiving service (netty or tomcat), as its "
					+ "/actuator/connections says.");
		}
		if (withRequestLimits) {
			notes.add("Closed at request limit: kept-alive connections the receiving server closed after the last "
					+ "response its request limit allows (Connection: close), counted like the other counters, and "
					+ "that limit: Tomcat's server.tomcat.max-keep-alive-requests is 100 by default, Reactor Netty "
					+ "has none unless server.netty.max-keep-alive-requests sets one. Each such close sends the "
					+ "caller to a new connection, so a perfectly pooled caller opens about 1 / limit connections "
					+ "per request on that hop (0.010 into a Tomcat hop), where it opens none into a server without "
					+ "a limit.");
		}
		List<String> header = new ArrayList<>(List.of("scenario", "hop"));
		if (withStacks) {
			header.add("server stack");
		}
		header.addAll(List.of("server: connections with requests", "caller opened", "on the wire", "requests", "opened per request"));
		if (withRequestLimits) {
			header.add("closed at request limit");
		}
		header.add("perfect reuse needs");
		return new Table("Connections per hop", header, rows, notes);
	}

	/** Whether some server had a request limit or closed connections at one: only then has it a column. */
	static boolean anyRequestLimit(List<ScenarioResult> scenarios) {
		return scenarios.stream()
			.flatMap((scenario) -> scenario.connections().values().stream())
			.map((snapshot) -> snapshot.inbound().policy())
			.anyMatch((policy) -> policy.maxKeepAliveRequests() != null
					|| (policy.closedAtRequestLimit() != null && policy.closedAtRequestLimit() > 0));
	}

	/** "16 (limit 100)", "0 (no limit)", or n/a from a server that did not report them. */
	private static String closedAtRequestLimit(ConnectionsSnapshot.Policy policy) {
		if (policy.closedAtRequestLimit() == null) {
			return "n/a";
		}
		return policy.closedAtRequestLimit() + ((policy.maxKeepAliveRequests() != null)
				? " (limit " + policy.maxKeepAliveRequests() + ")" : " (no limit)");
	}

}
