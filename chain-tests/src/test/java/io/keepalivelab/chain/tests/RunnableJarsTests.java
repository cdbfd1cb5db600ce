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
 * The runnable jars the build made stay within their size budget and carry native libraries for Linux on the
 * build machine's architecture only, the one connection-kit's pom keeps: a dependency that brings macOS, Windows
 * or another architecture's natives back, or grows a jar past the budget, fails here. Elsewhere Netty runs
 * without them (the JDK's TLS, NIO), so nothing is lost but speed.
 */
class RunnableJarsTests {

	/**
	 * Bytes: the services' jars measure 36.43 MB on x86_64 with the natives above (Netty 4.2.18), without Tomcat's
	 * WebSocket, its Expression Language and the Log4j bridge; tomcat and webflux are both in each.
	 */
	static final long BUDGET = 36_500_000;

	/** How Netty's native libraries name the architecture this JVM runs on, and the build ran on. */
	static final String ARCHITECTURE = switch (System.getProperty("os.arch")) {
		case "amd64", "x86_64" -> "x86_64";
		case "aarch64" -> "aarch_64";
		default -> System.getProperty("os.arch");
	};

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
			.allSatisfy(name -> assertThat(isLinuxOnThisArchitecture(name)).as(name).isTrue());
		if (module.endsWith("-api")) {
			assertThat(natives).as("BoringSSL in %s", jar.getFileName())
				.anyMatch(name -> name.contains("libnetty_tcnative_linux_" + ARCHITECTURE));
		}
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

	private static boolean isLinuxOnThisArchitecture(String name) {
		String file = name.substring(name.lastIndexOf('/') + 1);
		return file.endsWith(".so") && file.contains(ARCHITECTURE);
	}

}
