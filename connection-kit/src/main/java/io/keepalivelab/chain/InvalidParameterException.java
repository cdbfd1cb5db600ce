package io.keepalivelab.chain;

/** A request parameter is missing its form or its range; answered with 400 problem JSON. */
public class InvalidParameterException extends RuntimeException {

	private final String parameter;

	private final String allowed;

	public InvalidParameterException(String parameter, String allowed, String detail) {
		super(detail);
		this.parameter = parameter;
		this.allowed = allowed;
	}

	public String parameter() {
		return parameter;
	}

	public String allowed() {
		return allowed;
	}
}
