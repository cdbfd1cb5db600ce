package io.keepalivelab.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Opens every connection of a probe the same way (timeouts, trust, TLS version, ALPN) and records what each one
 * cost to open.
 */
final class Connector {

	private final Target target;

	private final SSLSocketFactory tls;

	private final boolean verifyHostname;

	private final Duration timeout;

	final Costs costs = new Costs();

	private Connector(Target target, SSLSocketFactory tls, boolean verifyHostname, Duration timeout) {
		this.target = target;
		this.tls = tls;
		this.verifyHostname = verifyHostname;
		this.timeout = timeout;
	}

	/**
	 * @param ca PEM certificates to trust instead of the JDK's trust store, or null
	 * @param insecure trust any certificate and skip hostname verification
	 */
	static Connector create(Target target, Path ca, boolean insecure, Duration timeout) {
		if (!target.tls()) {
			return new Connector(target, null, false, timeout);
		}
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, insecure ? new TrustManager[] { new TrustAll() } : trustManagers(ca), null);
			return new Connector(target, context.getSocketFactory(), !insecure, timeout);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new ProbeException(Failure.USAGE, "cannot use --ca " + ca + ": " + ex.getMessage());
		}
	}

	private static TrustManager[] trustManagers(Path ca) throws IOException, GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		if (ca == null) {
			factory.init((KeyStore) null);
			return factory.getTrustManagers();
		}
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		try (InputStream pem = Files.newInputStream(ca)) {
			int index = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
				store.setCertificateEntry("ca-" + index++, certificate);
			}
		}
		if (store.size() == 0) {
			throw new CertificateException("no certificate in the file");
		}
		factory.init(store);
		return factory.getTrustManagers();
	}

	HttpConnection open() throws IOException {
		return open(null, "http/1.1");
	}

	/**
	 * @param tlsVersion the only TLS version to offer, or null for the JDK's defaults
	 * @param alpn the application protocols to offer, in order of preference
	 */
	HttpConnection open(String tlsVersion, String... alpn) throws IOException {
		Socket socket = new Socket();
		try {
			long start = System.nanoTime();
			socket.connect(new InetSocketAddress(this.target.host(), this.target.port()),
					Math.toIntExact(this.timeout.toMillis()));
			this.costs.connected(System.nanoTime() - start);
			socket.setTcpNoDelay(true);
			if (this.tls == null) {
				return new HttpConnection(socket, this.timeout, 0);
			}
			SSLSocket secure = (SSLSocket) this.tls.createSocket(socket, this.target.host(), this.target.port(), true);
			SSLParameters parameters = secure.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm(this.verifyHostname ? "HTTPS" : null);
			if (tlsVersion != null) {
				parameters.setProtocols(new String[] { tlsVersion });
			}
			parameters.setApplicationProtocols(alpn);
			secure.setSSLParameters(parameters);
			secure.setSoTimeout(Math.toIntExact(this.timeout.toMillis()));
			long handshakeStart = System.nanoTime();
			secure.startHandshake();
			long handshake = System.nanoTime() - handshakeStart;
			this.costs.handshaked(handshake);
			return new HttpConnection(secure, this.timeout, handshake);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/** The user-facing reason why the very first connection failed. */
	ProbeException failure(IOException ex) {
		String where = this.target.host() + ":" + this.target.port();
		if (ex instanceof UnknownHostException) {
			return new ProbeException(Failure.UNREACHABLE, "unreachable: cannot resolve host " + this.target.host());
		}
		if (ex instanceof SSLException) {
			String hint = hasCause(ex, CertificateException.class)
					? " (use --ca <pem> to trust the server's CA, or --insecure to skip verification)" : "";
			return new ProbeException(Failure.TLS, "TLS handshake with " + where + " failed: " + ex.getMessage() + hint);
		}
		return new ProbeException(Failure.UNREACHABLE, "unreachable: cannot connect to " + where + ": " + ex.getMessage());
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	/** What --insecure means: any certificate is accepted. */
	private static final class TrustAll implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
