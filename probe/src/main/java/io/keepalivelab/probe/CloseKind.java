package io.keepalivelab.probe;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * How a connection ended, as the client sees it. A pool notices a FIN or a reset on its own; it cannot notice a
 * silent drop, which is why the difference decides how much margin the client needs.
 */
public enum CloseKind {

	/** The server closed the connection: FIN (read returned end of stream), possibly after a last message. */
	FIN("polite close (FIN seen)"),

	/** The connection was reset (RST), while idle or when reused. */
	RESET("reset (RST)"),

	/** No answer at all until the response timeout: the connection was dropped without telling the client. */
	SILENT("silent drop (no answer until the timeout)");

	final String description;

	CloseKind(String description) {
		this.description = description;
	}

	static CloseKind of(IOException failure) {
		if (failure instanceof SocketTimeoutException) {
			return SILENT;
		}
		return (failure instanceof EOFException) ? FIN : RESET;
	}

}
