package io.keepalivelab.connection;

/**
 * One outbound call as the caller saw it: the entry of a per-hop trace.
 *
 * @param hop "caller -> callee"
 * @param target the URL called
 * @param status the HTTP status received
 * @param durationMs from sending to the whole body received
 * @param connection "new" if the call opened its connection, "reused" if it ran on one already used
 * @param localPort the caller's port: the same port on two calls means the same TCP connection
 * @param protocol the HTTP version the request went out with, e.g. "HTTP/1.1" or "HTTP/2.0"
 * @param tls the TLS version negotiated on the connection, or null in clear text
 * @param tlsResumed on a new TLS connection, whether its handshake resumed an earlier session; null
 * otherwise
 * @param mode the caller's reuse mode
 * @param retried whether the call was sent again because a reused connection it went out on turned out dead;
 * the connection fields then describe the last attempt, and durationMs covers them all
 */
public record HopCall(String hop, String target, int status, double durationMs, String connection, int localPort,
		String protocol, String tls, Boolean tlsResumed, String mode, boolean retried) {

	public static final String NEW = "new";

	public static final String REUSED = "reused";
}
