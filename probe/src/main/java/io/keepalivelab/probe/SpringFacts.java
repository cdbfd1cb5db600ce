package io.keepalivelab.probe;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;

/**
 * The facts about a downstream that keepalive-lab's services check their pool against at startup
 * ({@code keepalive-lab.downstreams.<name>.idle-timeout} and {@code .idle-drop}, read by connection-kit's
 * {@code DownstreamProperties}): the pool's max-idle-time must be below both. A server that closes idle connections
 * (a FIN or a reset) has an idle timeout; one that forgets them without a word is an idle drop. The value declared is
 * the bracket's lower bound, the longest idle proven to work, so that a max-idle-time that passes the check is below
 * the timeout wherever in the bracket it lies. The probe writes them; it does not depend on connection-kit.
 */
final class SpringFacts {

	static final String PREFIX = "keepalive-lab.downstreams.";

	/** A key of a Spring Boot map that binds without brackets: lower-case letters, digits and dashes. */
	static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

	private SpringFacts() {
	}

	/** The properties in the order the check reads them; empty when no idle close was found. */
	static Map<String, String> of(String name, IdleTimeout idle) {
		Map<String, String> facts = new LinkedHashMap<>();
		if (idle == null || idle.closedSeconds() == null || idle.usableSeconds() <= 0) {
			return facts;
		}
		long millis = Math.round(idle.usableSeconds() * 1000);
		facts.put(PREFIX + name + "." + ((idle.close() == CloseKind.SILENT) ? "idle-drop" : "idle-timeout"),
				format(millis));
		return facts;
	}

	/** What {@code --emit spring} prints: the properties, after comments that say where they come from. */
	static String render(ProbeReport report) {
		StringBuilder text = new StringBuilder("# measured by keepalive-lab probe on ").append(report.url()).append('\n');
		IdleTimeout idle = report.idleTimeout();
		if (report.springFacts().isEmpty()) {
			text.append("# no idle close found").append((idle != null) ? " (" + TextReport.bracket(idle.usableSeconds(),
					idle.closedSeconds(), idle.close(), idle.closeConfirmed()) + ")" : " (no keep-alive)")
				.append(": nothing to declare\n");
			return text.toString();
		}
		text.append("# idle timeout ").append(TextReport.bracket(idle.usableSeconds(), idle.closedSeconds(),
				idle.close(), idle.closeConfirmed())).append("; declared: the lower bound\n");
		report.springFacts().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		return text.toString();
	}

	/** A name for the downstream from the URL's host: its first label, or an address with dashes for dots. */
	static String name(String host) {
		String lower = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
		boolean address = lower.contains(":") || lower.matches("[0-9.]+");
		String label = address ? lower : lower.split("\\.")[0];
		String name = label.replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
		return name.isEmpty() ? "downstream" : name;
	}

	/** Durations as connection-kit's own warnings write them: 60s, 4755ms. */
	static String format(long millis) {
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
