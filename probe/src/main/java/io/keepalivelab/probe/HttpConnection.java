package io.keepalivelab.probe;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

/**
 * One client connection driven by hand: the probe chooses every idle gap and sees exactly how the connection ends
 * (FIN, reset or silence), which a pooled client would hide.
 */
final class HttpConnection implements Closeable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int timeoutMillis;

	private final long handshakeNanos;

	private long idleSince = System.nanoTime();

	HttpConnection(Socket socket, Duration timeout, long handshakeNanos) throws IOException {
		this.socket = socket;
		this.handshakeNanos = handshakeNanos;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
	}

	/** Sends a request and reads its whole response; the idle clock restarts when the response is in. */
	HttpResponse exchange(String request) throws IOException {
		send(request.getBytes(StandardCharsets.ISO_8859_1));
		HttpResponse response = HttpResponse.read(this.in);
		this.idleSince = System.nanoTime();
		return response;
	}

	void send(byte[] bytes) throws IOException {
		this.socket.setSoTimeout(this.timeoutMillis);
		this.out.write(bytes);
		this.out.flush();
	}

	/** Up to {@code length} bytes, fewer if the server closes first. */
	byte[] read(int length) throws IOException {
		this.socket.setSoTimeout(this.timeoutMillis);
		return this.in.readNBytes(length);
	}

	/**
	 * Waits up to {@code wait} for the server to send something, without reading it.
	 * @return whether a byte arrived
	 * @throws EOFException when the server closed the connection
	 */
	boolean awaitData(Duration wait) throws IOException {
		this.socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
		this.in.mark(1);
		try {
			if (this.in.read() == -1) {
				throw new EOFException("connection closed");
			}
		}
		catch (SocketTimeoutException quiet) {
			return false;
		}
		this.in.reset();
		return true;
	}

	/**
	 * Stays idle until {@code gap} has passed since the last response, listening all along.
	 * @return how the server ended the connection during the gap, or null if it stayed quiet
	 */
	Close awaitIdle(Duration gap) throws IOException {
		long deadline = this.idleSince + gap.toNanos();
		for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
			this.socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
			try {
				this.in.read(); // end of stream or an unsolicited message: the server is done with us
				return new Close(CloseKind.FIN, idleSeconds());
			}
			catch (SocketTimeoutException quietSoFar) {
				// keep waiting
			}
			catch (IOException ex) {
				return new Close(CloseKind.of(ex), idleSeconds());
			}
		}
		return null;
	}

	/** System.nanoTime() when the last response was read. */
	long idleSinceNanos() {
		return this.idleSince;
	}

	/** Seconds since the last response was read. */
	double idleSeconds() {
		return (System.nanoTime() - this.idleSince) / 1e9;
	}

	double handshakeMillis() {
		return ProbeReport.round(this.handshakeNanos / 1e6);
	}

	/** The negotiated TLS version, or null on a plain connection. */
	String tlsVersion() {
		return (this.socket instanceof SSLSocket tls) ? tls.getSession().getProtocol() : null;
	}

	/** The negotiated cipher suite, or null on a plain connection. */
	String cipherSuite() {
		return (this.socket instanceof SSLSocket tls) ? tls.getSession().getCipherSuite() : null;
	}

	/** The ALPN protocol the server chose, or null if none. */
	String applicationProtocol() {
		String protocol = (this.socket instanceof SSLSocket tls) ? tls.getApplicationProtocol() : null;
		return (protocol == null || protocol.isEmpty()) ? null : protocol;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** How and after how long an idle connection ended. */
	record Close(CloseKind kind, double idleSeconds) {
	}

}
