package io.keepalivelab.probe;

import java.time.Duration;

import io.keepalivelab.probe.ProbeReport.ConnectionAge;
import io.keepalivelab.probe.ProbeReport.Http2Idle;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every server test checks: the report's brackets contain the settings the test gave the server.
 */
final class ProbeAssertions {

	/**
	 * The client's idle clock starts when it has read a response, the server's when it wrote it, and server timers
	 * tick in milliseconds and fire late on a busy machine: by the client's clock a close can come this much before
	 * or after the configured timeout.
	 */
	private static final double CLOCK_SLACK_SECONDS = 0.05;

	private ProbeAssertions() {
	}

	/** The bracket contains the configured timeout, and the close was seen to be of that kind. */
	static void assertIdleTimeout(ProbeReport report, Duration configured, CloseKind close) {
		assertIdleBracket(report, configured);
		IdleTimeout idle = report.idleTimeout();
		assertThat(idle.close()).as("close of %s", idle).isEqualTo(close);
		assertThat(idle.closeConfirmed()).as("close kind confirmed in %s", idle).isTrue();
	}

	static void assertIdleBracket(ProbeReport report, Duration configured) {
		double truth = configured.toMillis() / 1000.0;
		IdleTimeout idle = report.idleTimeout();
		assertThat(idle.complete()).as("bracket narrowed to the precision: %s", idle).isTrue();
		assertThat(idle.usableSeconds()).as("lower bound of %s", idle).isGreaterThan(0)
			.isLessThanOrEqualTo(truth + CLOCK_SLACK_SECONDS);
		assertThat(idle.closedSeconds()).as("upper bound of %s", idle).isGreaterThanOrEqualTo(truth - CLOCK_SLACK_SECONDS);
		assertThat(report.recommendation().maxIdleTimeMillis()).isLessThan(configured.toMillis());
	}

	/** The age bracket contains the configured maximum age, and maxLifeTime stays below it. */
	static void assertConnectionAge(ProbeReport report, Duration configured) {
		double truth = configured.toMillis() / 1000.0;
		ConnectionAge age = report.connectionAge();
		assertThat(age).as("connection age of %s", report).isNotNull();
		assertThat(age.endedSeconds()).as("upper bound of %s", age).isNotNull()
			.isGreaterThanOrEqualTo(truth - CLOCK_SLACK_SECONDS);
		assertThat(age.usableSeconds()).as("lower bound of %s", age).isGreaterThan(0)
			.isLessThanOrEqualTo(truth + CLOCK_SLACK_SECONDS);
		assertThat(report.recommendation().maxLifeTimeMillis()).isLessThan(configured.toMillis());
	}

	/**
	 * The idle HTTP/2 connection's bracket contains the configured timeout, and the server ended it with a GOAWAY
	 * that says the probe's stream was processed, then closed it.
	 */
	static void assertHttp2Idle(ProbeReport report, Duration configured) {
		double truth = configured.toMillis() / 1000.0;
		Http2Idle idle = report.http2Idle();
		assertThat(idle).as("HTTP/2 idle of %s", report).isNotNull();
		assertThat(idle.endedSeconds()).as("upper bound of %s", idle).isNotNull()
			.isGreaterThanOrEqualTo(truth - CLOCK_SLACK_SECONDS);
		assertThat(idle.quietSeconds()).as("lower bound of %s", idle).isGreaterThan(0)
			.isLessThanOrEqualTo(truth + CLOCK_SLACK_SECONDS);
		assertThat(idle.lastStreamId()).as("%s", idle).isEqualTo(1);
		assertThat(idle.errorCode()).as("%s", idle).isEqualTo("NO_ERROR");
		assertThat(idle.close()).as("%s", idle).isEqualTo(CloseKind.FIN);
	}

	/** A server without a maximum connection age is not said to have one. */
	static void assertNoConnectionAge(ProbeReport report) {
		ConnectionAge age = report.connectionAge();
		assertThat(age).as("connection age of %s", report).isNotNull();
		assertThat(age.endedSeconds()).as("%s", age).isNull();
		assertThat(report.recommendation().maxLifeTimeMillis()).isNull();
	}

	static void assertRequestLimit(ProbeReport report, int configured) {
		RequestLimit limit = report.requestLimit();
		assertThat(limit.closed()).as("%s", limit).isTrue();
		assertThat(limit.announced()).as("%s", limit).isTrue();
		assertThat(limit.served()).isEqualTo(configured);
	}

}
