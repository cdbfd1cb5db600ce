package io.keepalivelab.probe;

/**
 * Why a probe could not run at all, and the exit code that tells a script so.
 */
enum Failure {

	PROBE_FAILED(1), USAGE(2), UNREACHABLE(3), TLS(4);

	final int exitCode;

	Failure(int exitCode) {
		this.exitCode = exitCode;
	}

}
