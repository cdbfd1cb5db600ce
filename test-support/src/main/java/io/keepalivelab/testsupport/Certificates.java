package io.keepalivelab.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Throwaway TLS material made the way users make it, with {@code scripts/make-certs.sh}. */
public final class Certificates {

	private static final char[] PASSWORD = "changeit".toCharArray();

	/** The alias make-certs.sh gives the server's key. */
	private static final String SERVER = "server";

	private Certificates() {
	}

	/**
	 * Makes a CA-signed certificate for localhost and 127.0.0.1 in {@code dir}, with the project found at
	 * the {@code keepalive-lab.root} system property (a module's parent by default).
	 */
	public static Path make(Path dir) {
		return make(Path.of(System.getProperty("keepalive-lab.root", "..")), dir);
	}

	/**
	 * Makes a CA-signed certificate for localhost and 127.0.0.1 in {@code dir}: {@code server.p12},
	 * {@code trust.p12} (password {@code changeit}) and {@code ca.pem}.
	 */
	public static Path make(Path projectRoot, Path dir) {
		Path script = projectRoot.resolve("scripts/make-certs.sh");
		try {
			Process process = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("make-certs.sh failed: " + output);
			}
			return dir.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A client context that trusts the throwaway CA in {@code dir} and nothing else. */
	public static SSLContext trusting(Path dir) {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(load(dir.resolve("trust.p12")));
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The server's private key in {@code dir}, for a server built in code. */
	public static PrivateKey serverKey(Path dir) {
		try {
			return (PrivateKey) load(dir.resolve("server.p12")).getKey(SERVER, PASSWORD);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The server's certificate and the CA's that signed it, in {@code dir}. */
	public static X509Certificate[] serverChain(Path dir) {
		try {
			return Arrays.stream(load(dir.resolve("server.p12")).getCertificateChain(SERVER))
				.map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore load(Path store) {
		try (InputStream in = Files.newInputStream(store)) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, PASSWORD);
			return keyStore;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot read " + store, ex);
		}
	}
}
