package io.keepalivelab.testsupport;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A program outside the JVM that some tests need, such as nginx or kubectl. Where it is missing, those
 * tests are skipped with how to install it; under {@code CI=true} they fail instead, because {@code .ci/run}
 * installs it and a missing tool there would silently drop what only those tests check.
 */
public final class RequiredTool {

	private RequiredTool() {
	}

	/** Returns when {@code present}; otherwise skips or, under {@code CI=true}, fails the test. */
	public static void require(boolean present, String missing, String howToInstall) {
		if (present) {
			return;
		}
		if ("true".equals(System.getenv("CI"))) {
			fail(missing + "; CI=true, where .ci/run installs it (" + howToInstall + ")");
		}
		Assumptions.abort(missing + "; skipped (" + howToInstall + ")");
	}
}
