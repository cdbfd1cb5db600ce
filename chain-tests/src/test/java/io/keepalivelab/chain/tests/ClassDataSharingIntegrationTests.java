package io.keepalivelab.chain.tests;

import java.nio.file.Files;
import java.nio.file.Path;

import io.keepalivelab.lab.Chain;
import io.keepalivelab.lab.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service the lab starts maps its class-data archive, so that the chains of the tests and the demo
 * start in less CPU time: a chain whose services silently lost it would still pass every other test.
 */
@EnabledOnOs(OS.LINUX)
class ClassDataSharingIntegrationTests {

	@TempDir
	Path workDir;

	@Test
	void everyServiceOfAChainMapsItsOwnArchive() throws Exception {
		try (Chain chain = Chain.start(this.workDir, "default")) {
			assertThat(chain.services()).hasSize(3);
			for (ServiceProcess service : chain.services()) {
				// the kernel's list of the process's mapped files: an archive in use is mapped, one refused is not
				String maps = Files.readString(Path.of("/proc", Long.toString(service.pid()), "maps"));
				assertThat(maps).as(service.name() + " maps its archive")
					.contains("/" + service.name() + "/target/cds/" + service.name() + ".jsa");
				assertThat(chain.get(service, "/actuator/health").statusCode()).isEqualTo(200);
			}
		}
	}

}
