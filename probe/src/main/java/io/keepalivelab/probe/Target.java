package io.keepalivelab.probe;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URL under test, checked once, and the HTTP/1.x request lines every check sends to it.
 */
record Target(URI uri, boolean tls, String host, int port, String pathAndQuery) {

	static Target parse(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new ProbeException(Failure.USAGE, "bad URL '" + url + "': " + ex.getMessage());
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new ProbeException(Failure.USAGE, "bad URL '" + url + "': expected http:// or https://");
		}
		if (uri.getHost() == null) {
			throw new ProbeException(Failure.USAGE, "bad URL '" + url + "': no host");
		}
		boolean tls = scheme.equals("https");
		int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
		String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
		String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
		return new Target(uri, tls, uri.getHost(), port, pathAndQuery);
	}

	/** A GET request in the given HTTP version, with optional extra header lines. */
	String get(String httpVersion, String... headers) {
		StringBuilder request = new StringBuilder()
			.append("GET ").append(this.pathAndQuery).append(' ').append(httpVersion).append("\r\n")
			.append("Host: ").append(hostHeader()).append("\r\n")
			.append("User-Agent: keepalive-lab-probe\r\n")
			.append("Accept: */*\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("\r\n").toString();
	}

	private String hostHeader() {
		return (this.port == (this.tls ? 443 : 80)) ? this.host : this.host + ":" + this.port;
	}

	@Override
	public String toString() {
		return this.uri.toString();
	}

}
