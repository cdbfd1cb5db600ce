package io.keepalivelab.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The throwaway material passes hostname verification for localhost with its CA, and only with it. */
class CertificatesTests {

	@TempDir
	static Path dir;

	@BeforeAll
	static void make() {
		Certificates.make(dir);
	}

	@Test
	void theServerChainIsSignedByTheCaForLocalhostAndTheLoopbackAddress() throws Exception {
		X509Certificate[] chain = Certificates.serverChain(dir);

		assertThat(chain).hasSize(2);
		assertThat(chain[0].getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(chain[0].getIssuerX500Principal()).isEqualTo(chain[1].getSubjectX500Principal());
		assertThat(chain[0].getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
			.containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
		assertThat(Certificates.serverKey(dir).getAlgorithm()).isEqualTo("EC");
	}

	@Test
	void aClientTrustingTheCaVerifiesLocalhost() throws Exception {
		try (SSLServerSocket server = server(); SSLSocket client = client(Certificates.trusting(dir), server)) {
			client.startHandshake();

			assertThat(client.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
		}
	}

	@Test
	void aClientWithTheDefaultTrustRefusesTheCertificate() throws Exception {
		try (SSLServerSocket server = server(); SSLSocket client = client(SSLContext.getDefault(), server)) {
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(client::startHandshake);
		}
	}

	/** A TLS server that completes one handshake on its own thread. */
	private static SSLServerSocket server() throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("server", Certificates.serverKey(dir), new char[0], Certificates.serverChain(dir));
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(keys, new char[0]);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(factory.getKeyManagers(), null, null);
		SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0);
		Thread handshake = new Thread(() -> {
			try (SSLSocket accepted = (SSLSocket) server.accept()) {
				accepted.startHandshake();
			}
			catch (IOException ex) {
				// a refused handshake or the end of the test
			}
		});
		handshake.setDaemon(true);
		handshake.start();
		return server;
	}

	private static SSLSocket client(SSLContext context, SSLServerSocket server) throws IOException {
		SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.getLocalPort());
		SSLParameters parameters = client.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		client.setSSLParameters(parameters);
		return client;
	}
}
