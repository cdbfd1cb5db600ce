package io.keepalivelab.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DroppedErrorsTests {

	@Test
	void aSecondReceiverOfACancelledBodyIsNoFaultOfTheService() {
		assertThat(DroppedErrors.refusedAfterCancel(thrownAt("reactor.netty.channel.FluxReceive",
				new IllegalStateException("Only one connection receive subscriber allowed.")))).isTrue();
		assertThat(DroppedErrors.refusedAfterCancel(thrownAt(
				"org.springframework.http.client.reactive.ReactorClientHttpResponse",
				new IllegalStateException("The client response body has been released already due to cancellation."))))
			.isTrue();
	}

	@Test
	void everyOtherDroppedErrorStaysAnError() {
		assertThat(DroppedErrors.refusedAfterCancel(thrownAt("io.keepalivelab.orchestration.OrchestrateController",
				new IllegalStateException("a bug")))).isFalse();
		assertThat(DroppedErrors.refusedAfterCancel(thrownAt("reactor.netty.channel.FluxReceive",
				new IllegalArgumentException("not a refusal")))).isFalse();
	}

	private static Throwable thrownAt(String className, Throwable error) {
		error.setStackTrace(new StackTraceElement[] { new StackTraceElement(className, "subscribe", null, 1) });
		return error;
	}

}
