package io.keepalivelab.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.keepalivelab.probe.ProbeReport.Http2;
import io.keepalivelab.probe.ProbeReport.KeepAlive;
import io.keepalivelab.probe.ProbeReport.TlsVersion;

/**
 * The quick checks, a few connections each: does the server keep HTTP/1.x connections alive, does it speak HTTP/2,
 * which TLS versions does it accept.
 */
final class ProtocolChecks {

	// Reference: https://www.rfc-editor.org/rfc/rfc7540#section-3.2 (h2c upgrade; base64url of SETTINGS_ENABLE_PUSH=0)
	private static final String HTTP2_SETTINGS = "AAIAAAAA";

	private static final List<String> TLS_VERSIONS = List.of("TLSv1.2", "TLSv1.3");

	private final Target target;

	private final Connector connector;

	ProtocolChecks(Target target, Connector connector) {
		this.target = target;
		this.connector = connector;
	}

	List<KeepAlive> keepAlive() throws IOException {
		return List.of(reuse("HTTP/1.1", this.target.get("HTTP/1.1")), reuse("HTTP/1.0", this.target.get("HTTP/1.0")),
				reuse("HTTP/1.0 + Connection: keep-alive", this.target.get("HTTP/1.0", "Connection: keep-alive")));
	}

	private KeepAlive reuse(String label, String request) throws IOException {
		try (HttpConnection connection = this.connector.open()) {
			HttpResponse first = connection.exchange(request);
			boolean reused = !first.closeDelimited() && servesAnother(connection, request);
			return new KeepAlive(label, first.version(), first.status(), first.header("connection"), reused,
					first.header("keep-alive"));
		}
	}

	private static boolean servesAnother(HttpConnection connection, String request) {
		try {
			connection.exchange(request);
			return true;
		}
		catch (IOException closed) {
			return false;
		}
	}

	Http2 http2() throws IOException {
		if (this.target.tls()) {
			try (HttpConnection connection = this.connector.open(null, "h2", "http/1.1")) {
				String alpn = connection.applicationProtocol();
				return new Http2(alpn != null ? alpn : "none", null, null);
			}
		}
		return new Http2(null, h2cUpgrade(), h2cPriorKnowledge());
	}

	private boolean h2cUpgrade() {
		try (HttpConnection connection = this.connector.open()) {
			HttpResponse response = connection.exchange(this.target.get("HTTP/1.1", "Connection: Upgrade, HTTP2-Settings",
					"Upgrade: h2c", "HTTP2-Settings: " + HTTP2_SETTINGS));
			return response.status() == 101;
		}
		catch (IOException refused) {
			return false;
		}
	}

	private boolean h2cPriorKnowledge() {
		try (HttpConnection connection = this.connector.open()) {
			ByteArrayOutputStream preface = new ByteArrayOutputStream();
			preface.writeBytes(Http2Wire.PREFACE);
			preface.writeBytes(Http2Wire.frame(Http2Wire.SETTINGS, 0, 0, new byte[0]));
			connection.send(preface.toByteArray());
			// the header alone: a server that speaks no HTTP/2 answers bytes that would read as a huge length
			byte[] frameHeader = connection.read(Http2Wire.FRAME_HEADER);
			return frameHeader.length == Http2Wire.FRAME_HEADER && frameHeader[3] == Http2Wire.SETTINGS;
		}
		catch (IOException refused) {
			return false;
		}
	}

	/** One handshake per TLS version, each pinned to that version alone; empty for plain HTTP. */
	List<TlsVersion> tlsVersions() {
		List<TlsVersion> versions = new ArrayList<>();
		for (String version : this.target.tls() ? TLS_VERSIONS : List.<String>of()) {
			try (HttpConnection connection = this.connector.open(version, "http/1.1")) {
				versions.add(new TlsVersion(version, true, connection.handshakeMillis(), connection.cipherSuite()));
			}
			catch (IOException refused) { // an alert, or a server that just hangs up
				versions.add(new TlsVersion(version, false, null, refused.getMessage()));
			}
		}
		return versions;
	}

}
