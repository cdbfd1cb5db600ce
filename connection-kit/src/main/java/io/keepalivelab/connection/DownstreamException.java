package io.keepalivelab.connection;

import org.springframework.http.HttpStatus;

/**
 * A downstream call failed: 502 when the downstream failed or answered an error, 504 when it did not
 * answer in time, 503 when no pooled connection could be had in time. Names the hop where it failed.
 */
public class DownstreamException extends RuntimeException {

	private final HttpStatus status;

	private final String hop;

	public DownstreamException(HttpStatus status, String hop, String detail, Throwable cause) {
		super(detail, cause);
		this.status = status;
		this.hop = hop;
	}

	public HttpStatus status() {
		return status;
	}

	public String hop() {
		return hop;
	}
}
