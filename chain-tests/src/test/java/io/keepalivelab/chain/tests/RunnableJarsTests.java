package io.keepalivelab.chain.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.keepalivelab.lab.Project;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jars the build made stay within their size budget and carry native libraries for Linux on
 * x86_64 and aarch_64 only, the platforms whose natives connection-kit's pom keeps: a dependency that brings
 * macOS, Windows or another architecture's natives back, or grows a jar past the budget, fails here.
 * Elsewhere Netty runs without them (the JDK's TLS, NIO), so nothing is lost but speed.
 */
class RunnableJarsTests {

	/**
	 * Bytes: the services' jars measure 37.73 MB with the natives above (Netty 4.2.18), without Tomcat's WebSocket,
	 * its Expression Language and the Log4j bridge; tomcat and webflux are both in each.
	 */
	static final long BUDGET = 37_800_000;

	@ParameterizedTest
	@ValueSource(strings = { "backend-api", "orchestration-api", "public-api", "link-emulator", "lab" })
	void runnableJarFitsTheBudgetAndCarriesOnlyLinuxNatives(String module) throws IOException {
		Path jar = module.equals("lab") ? Project.root().resolve("lab/target/lab-cli.jar")
				: Project.runnableJar(module);

		assertThat(Files.size(jar)).as("size of %s in bytes", jar.getFileName()).isLessThanOrEqualTo(BUDGET);
		List<String> natives = new ArrayList<>();
		try (InputStream in = Files.newInputStream(jar)) {
			collectNatives(new ZipInputStream(in), jar.getFileName().toString(), natives);
		}
		assertThat(natives).as("native libraries in %s", jar.getFileName())
			.allSatisfy(name -> assertThat(isLinuxX86OrArm(name)).as(name).isTrue());
	}

	/** Every native library in {@code zip} and in the jars nested in it, named by where it sits. */
	private static void collectNatives(ZipInputStream zip, String where, List<String> natives) throws IOException {
		for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
			String name = entry.getName().toLowerCase(Locale.ROOT);
			if (name.endsWith(".jar")) {
				collectNatives(new ZipInputStream(zip), where + "!/" + entry.getName(), natives);
			}
			else if (name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".dylib")
					|| name.endsWith(".jnilib")) {
				natives.add(where + "!/" + entry.getName());
			}
		}
	}

	private static boolean isLinuxX86OrArm(String name) {
		String file = name.substring(name.lastIndexOf('/') + 1);
		return file.endsWith(".so") && (file.contains("x86_64") || file.contains("aarch_64"));
	}

}
