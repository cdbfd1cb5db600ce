package io.keepalivelab.lab;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProcStatusTests {

	@Test
	void readsThisProcesssMemoryThreadsAndFileDescriptors() throws IOException {
		assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("Linux's /proc").isTrue();

		ProcStatus status = ProcStatus.of(ProcessHandle.current().pid()).orElseThrow();

		// A JVM's resident memory holds at least the heap it has used; its threads include every live Java thread.
		long heapUsedMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
		assertThat(status.rssMb()).isGreaterThan(heapUsedMb);
		assertThat(status.threads()).isGreaterThanOrEqualTo(Thread.activeCount());
		assertThat(status.fds()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void aProcessThatIsGoneHasNoStatus() throws IOException {
		assertThat(ProcStatus.of(Long.MAX_VALUE)).isEmpty();
	}
}
