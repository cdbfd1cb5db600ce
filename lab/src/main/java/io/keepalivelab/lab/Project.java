package io.keepalivelab.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the lab's pieces are: the project folder (the {@code keepalive-lab.root} system property, the
 * current folder by default) and the runnable jars the build made there, named by the version the build
 * wrote into {@code build.properties}.
 */
public final class Project {

	private static final String VERSION = readVersion();

	private Project() {
	}

	public static Path root() {
		return Path.of(System.getProperty("keepalive-lab.root", ".")).toAbsolutePath().normalize();
	}

	public static String version() {
		return VERSION;
	}

	/** The runnable jar of a module ({@code backend-api}, {@code link-emulator}...); fails if it was not built. */
	public static Path runnableJar(String module) {
		Path jar = root().resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No runnable jar at " + jar + ": build first (./mvnw package)");
		}
		return jar;
	}

	/** The {@code java} of the JVM running this code: every process the lab starts runs on the same one. */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String readVersion() {
		try (InputStream in = Project.class.getResourceAsStream("build.properties")) {
			if (in == null) {
				throw new IllegalStateException("build.properties is missing: build the lab module");
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
