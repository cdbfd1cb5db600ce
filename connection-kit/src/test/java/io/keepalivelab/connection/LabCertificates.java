package io.keepalivelab.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.keepalivelab.testsupport.Certificates;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;

/**
 * One set of throwaway certificates for every TLS test of this module's test JVM: make-certs.sh runs
 * keytool several times, seconds on a busy machine, so it runs once.
 */
final class LabCertificates {

	private static Path dir;

	private LabCertificates() {
	}

	static synchronized Path dir() {
		if (dir == null) {
			try {
				Path made = Files.createTempDirectory("connection-kit-certs");
				Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
				dir = Certificates.make(made);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return dir;
	}

	/** The bundle {@code lab}, trusting the throwaway CA only, as the services' TLS profiles configure it. */
	static SslBundles trustingBundles() {
		SslBundle trust = SslBundle.of(new JksSslStoreBundle(null,
				new JksSslStoreDetails("PKCS12", null, dir().resolve("trust.p12").toString(), "changeit")));
		return new DefaultSslBundleRegistry("lab", trust);
	}

	private static void delete(Path made) {
		try (Stream<Path> files = Files.walk(made)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it up
		}
	}
}
