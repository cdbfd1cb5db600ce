package io.keepalivelab.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code links.json} of one scenario: the link emulator's {@code GET /links} at its end, one link
 * per hop. Its connection counts are what the network saw, independent of both ends of the hop.
 */
public record NetworkLinks(List<Link> links) {

	public static final String FILE_NAME = "links.json";

	/** The same, read just before the load started. */
	public static final String BEFORE_FILE_NAME = "links-before.json";

	public NetworkLinks {
		links = List.copyOf(Objects.requireNonNull(links, "links"));
	}

	public static NetworkLinks read(Path file) {
		return Json.MAPPER.readValue(file, NetworkLinks.class);
	}

	/** What happened on each link between {@code before} and this snapshot. */
	public NetworkLinks since(NetworkLinks before) {
		return new NetworkLinks(this.links.stream()
			.map((now) -> before.links()
				.stream()
				.filter((then) -> then.name().equals(now.name()))
				.findFirst()
				.map((then) -> new Link(now.name(), now.delayMs(), now.jitterMs(),
						now.connectionsOpened() - then.connectionsOpened(), now.connectionsActive()))
				.orElse(now))
			.toList());
	}

	public Optional<Link> of(Hop hop) {
		return this.links.stream().filter((link) -> hop.linkName().equals(link.name())).findFirst();
	}

	/**
	 * One emulated link; the other fields of {@code /links} (addresses, bytes) are not needed here.
	 *
	 * @param delayMs one-way delay
	 * @param connectionsOpened client connections the link accepted since it started
	 */
	public record Link(String name, double delayMs, double jitterMs, long connectionsOpened, long connectionsActive) {

		public Link {
			Objects.requireNonNull(name, "name");
		}

	}

}
