package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service the lab starts runs one Reactor Netty event loop for its server and its clients alike, so that a
 * request and its calls downstream stay on one thread (see {@link ServiceProcess#JVM_OPTIONS}). A service back on
 * Reactor Netty's default would run four here, and the chain would still answer.
 */
@EnabledOnOs(OS.LINUX)
class OneEventLoopPerServiceIntegrationTests {

	/** How Linux names a Reactor Netty loop's thread: the Java name cut to 15 characters. */
	private static final String LOOP_THREAD = "reactor-http-";

	@TempDir
	Path workDir;

	@Test
	void everyServiceOfAChainRunsOneEventLoopAfterCallingDownstream() throws Exception {
		try (Chain chain = Chain.start(this.workDir, "default")) {
			// calls=2: orchestration-api reuses its pooled connection, so both clients have run on their loop
			assertThat(chain.get(chain.publicApi(), "/api/chain?calls=2&workMs=0").statusCode()).isEqualTo(200);

			for (ServiceProcess service : chain.services()) {
				assertThat(loopThreads(service.pid())).as(service.name() + "'s event loop threads").hasSize(1);
			}
		}
	}

	/** The names the kernel holds for the process's threads ({@code /proc/PID/task/TID/comm}) that are loops. */
	private static List<String> loopThreads(long pid) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.map(task -> {
				try {
					return Files.readString(task.resolve("comm")).strip();
				}
				catch (IOException gone) {
					return "";
				}
			}).filter(name -> name.startsWith(LOOP_THREAD)).toList();
		}
	}

}
