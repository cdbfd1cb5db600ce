package io.keepalivelab.load;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the hops of a scenario talk, and what a new connection costs on a link in round trips before
 * the request can go: the TCP handshake's one, the TLS handshake's, and for HTTP/2 one more: the
 * clients here (Reactor Netty and Gatling) open their first stream only once the server's SETTINGS
 * frame has arrived. Measured behind 20 ms links: a new h2c connection costs 3 round trips where
 * HTTP/1.1 costs 2, a new h2 connection 4 where TLS 1.3 costs 3.
 */
// Reference: https://www.rfc-editor.org/rfc/rfc9293#section-3.5 (TCP three-way handshake)
// Reference: https://www.rfc-editor.org/rfc/rfc5246#section-7.3 (TLS 1.2 full handshake: 2 round trips)
// Reference: https://www.rfc-editor.org/rfc/rfc8446#section-2 (TLS 1.3 full handshake: 1 round trip)
// Reference: https://www.rfc-editor.org/rfc/rfc9113#section-3.4 (a client may send requests right after its
// preface; these clients wait for the server's SETTINGS)
public enum Transport {

	PLAIN("plain", "HTTP/1.1", 0),

	TLS12("tls12", "HTTP/1.1 over TLS 1.2", 2),

	TLS13("tls13", "HTTP/1.1 over TLS 1.3", 1),

	/** ALPN rides in the TLS handshake; the SETTINGS exchange follows it. */
	H2("h2", "HTTP/2 over TLS 1.3", 1),

	/** Prior knowledge: no upgrade round trip, but the SETTINGS exchange. */
	H2C("h2c", "HTTP/2 cleartext", 0);

	private final String id;

	private final String description;

	private final int fullTlsRoundTrips;

	Transport(String id, String description, int fullTlsRoundTrips) {
		this.id = id;
		this.description = description;
		this.fullTlsRoundTrips = fullTlsRoundTrips;
	}

	/** The name in {@code scenario.json}. */
	@JsonValue
	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	public boolean tls() {
		return this.fullTlsRoundTrips > 0;
	}

	/**
	 * Round trips of the TLS handshake: 2 for a full TLS 1.2 handshake, 1 for TLS 1.3, and 1 for any
	 * resumed session (TLS 1.2 abbreviated, TLS 1.3 PSK without 0-RTT); 0 without TLS.
	 */
	public int tlsRoundTrips(boolean resumed) {
		return resumed ? Math.min(1, this.fullTlsRoundTrips) : this.fullTlsRoundTrips;
	}

	public boolean http2() {
		return this == H2 || this == H2C;
	}

	/** Round trips of the TCP and TLS handshakes: what a client's connect and TLS timers cover. */
	public int handshakeRoundTrips(boolean resumed) {
		return 1 + tlsRoundTrips(resumed);
	}

	/** Round trips a new connection adds before its first request: the handshakes, then HTTP/2's SETTINGS. */
	public int newConnectionRoundTrips(boolean resumed) {
		return handshakeRoundTrips(resumed) + (http2() ? 1 : 0);
	}

}
