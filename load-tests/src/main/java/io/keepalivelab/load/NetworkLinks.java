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

	public NetworkLinks {
		links = List.copyOf(Objects.requireNonNull(links, "links"));
	}

	public static NetworkLinks read(Path file) {
		return Json.MAPPER.readValue(file, NetworkLinks.class);
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
