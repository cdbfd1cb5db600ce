package io.keepalivelab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.testsupport.Ports;

/**
 * Three {@link ReactorNettyHop} processes on loopback, front -> middle -> backend: the lab's chain with Spring taken
 * off it, for {@code ./demo.sh --overhead}. Each is a JVM started with the services' options, so that the step from
 * this chain to the lab's is what Spring WebFlux, WebClient and the lab's own code add to Reactor Netty. Their logs
 * go to {@code dir}; closing the chain stops the three.
 */
final class ReactorNettyChain implements AutoCloseable {

	private static final Duration START_LIMIT = Duration.ofSeconds(30);

	/** Backend, middle, front: the port that {@code hops} hops start from is {@code ports.get(hops - 1)}. */
	private final List<Integer> ports;

	private final List<Process> processes;

	private ReactorNettyChain(List<Integer> ports, List<Process> processes) {
		this.ports = ports;
		this.processes = processes;
	}

	/** Starts the three hops on free ports, keeping connections when {@code reuse}, and waits until all answer. */
	static ReactorNettyChain start(Path dir, boolean reuse, List<String> jvmOptions) {
		List<Integer> ports = List.of(Ports.free(), Ports.free(), Ports.free());
		String mode = reuse ? "reuse" : "no-reuse";
		List<List<String>> arguments = List.of(List.of(ReactorNettyHop.BACKEND, ports.get(0).toString()),
				List.of(ReactorNettyHop.HOP, ports.get(1).toString(), ports.get(0).toString(), mode),
				List.of(ReactorNettyHop.HOP, ports.get(2).toString(), ports.get(1).toString(), mode));
		List<Process> processes = new ArrayList<>();
		ReactorNettyChain chain = new ReactorNettyChain(ports, processes);
		try {
			Files.createDirectories(dir);
			List<Path> logs = new ArrayList<>();
			for (int index = 0; index < arguments.size(); index++) {
				Path log = dir.resolve("reactor-netty-" + List.of("backend", "middle", "front").get(index) + ".log");
				List<String> command = new ArrayList<>(List.of(Project.java()));
				command.addAll(jvmOptions);
				command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReactorNettyHop.class.getName()));
				command.addAll(arguments.get(index));
				processes.add(Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))));
				logs.add(log);
			}
			chain.awaitAnswers(logs);
			return chain;
		}
		catch (IOException ex) {
			chain.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			chain.close();
			throw ex;
		}
	}

	/** Where a request through {@code hops} hops (1 to 3) starts. */
	LoadDriver.Target through(int hops) {
		return new LoadDriver.Target(this.ports.get(hops - 1), "/");
	}

	List<Long> pids() {
		return this.processes.stream().map(Process::pid).toList();
	}

	private void awaitAnswers(List<Path> logs) {
		Processes.awaitAnswer(START_LIMIT, Duration.ofMillis(100), () -> LoadDriver.get(through(3)).status() == 200,
				() -> {
					for (int index = 0; index < this.processes.size(); index++) {
						Processes.requireAlive("a Reactor Netty hop", this.processes.get(index), logs.get(index));
					}
				}, () -> "the Reactor Netty chain did not answer through three hops within " + START_LIMIT.toSeconds()
						+ " s; see " + logs);
	}

	@Override
	public void close() {
		Processes.stop(this.processes);
	}

}
