package io.keepalivelab.probe;

/**
 * A failure that ends the probe with a message for the user and a {@link Failure} exit code.
 */
final class ProbeException extends RuntimeException {

	final Failure failure;

	ProbeException(Failure failure, String message) {
		super(message);
		this.failure = failure;
	}

}
