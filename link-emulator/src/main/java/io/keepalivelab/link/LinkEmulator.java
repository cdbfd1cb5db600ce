package io.keepalivelab.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * The link emulator as a program: starts the links named on the command line (see
 * {@link EmulatorOptions#USAGE}) with the faults they start with, optionally the admin endpoint, and
 * runs until SIGTERM or Ctrl-C.
 */
public final class LinkEmulator implements AutoCloseable {

	private final List<Link> links;

	private final AdminServer admin;

	private LinkEmulator(List<Link> links, AdminServer admin) {
		this.links = links;
		this.admin = admin;
	}

	public static void main(String[] args) throws InterruptedException {
		if (List.of(args).contains("--help")) {
			System.out.print(EmulatorOptions.USAGE);
			return;
		}
		EmulatorOptions options;
		try {
			options = EmulatorOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("link-emulator: " + ex.getMessage());
			System.err.print(EmulatorOptions.USAGE);
			System.exit(2);
			return;
		}
		LinkEmulator emulator;
		try {
			emulator = start(options);
		}
		catch (RuntimeException ex) {
			System.err.println("link-emulator: " + ex.getMessage());
			System.exit(1);
			return;
		}
		emulator.links.forEach(System.out::println);
		emulator.adminPort().ifPresent(
				(port) -> System.out.println("admin: http://" + options.bindAddress() + ":" + port + "/links"));
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "link-emulator-shutdown"));
		new CountDownLatch(1).await();
	}

	/** Starts every link, then the admin endpoint; on a failure, closes what was started. */
	static LinkEmulator start(EmulatorOptions options) {
		List<Link> links = new ArrayList<>();
		try {
			for (LinkConfig config : options.links()) {
				Link link = Link.start(config);
				links.add(link);
				Optional.ofNullable(options.idleDropAfter().get(config.name())).ifPresent(link::idleDrop);
			}
			AdminServer admin = null;
			if (options.adminPort().isPresent()) {
				admin = new AdminServer(options.bindAddress(), options.adminPort().getAsInt(), List.copyOf(links));
			}
			return new LinkEmulator(List.copyOf(links), admin);
		}
		catch (IOException ex) {
			links.forEach(Link::close);
			throw new UncheckedIOException("cannot start the admin endpoint: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			links.forEach(Link::close);
			throw ex;
		}
	}

	List<Link> links() {
		return links;
	}

	OptionalInt adminPort() {
		return (admin != null) ? OptionalInt.of(admin.port()) : OptionalInt.empty();
	}

	@Override
	public void close() {
		if (admin != null) {
			admin.close();
		}
		links.forEach(Link::close);
	}

}
