package io.keepalivelab.probe;

import org.junit.jupiter.api.Test;

import io.keepalivelab.probe.ProbeReport.IdleTimeout;
import io.keepalivelab.probe.ProbeReport.RequestLimit;

import static org.assertj.core.api.Assertions.assertThat;

class RecommendationTests {

	private static final RequestLimit ANNOUNCED_100 = new RequestLimit(100, true, true, 1000, 0.2);

	@Test
	void maxIdleTimeStaysOneSecondBelowASmallBracket() {
		Recommendation recommendation = Recommendation.of("backend", true, closed(4.5, 5.0, CloseKind.FIN),
				ANNOUNCED_100, null, null, null);

		assertThat(recommendation.maxIdleTimeMillis()).isEqualTo(3500);
		assertThat(recommendation.evictInBackgroundMillis()).isEqualTo(3500);
		assertThat(recommendation.code()).contains("ConnectionProvider.builder(\"backend\")")
			.contains(".maxIdleTime(Duration.ofMillis(3500))")
			.doesNotContain("maxLifeTime");
	}

	@Test
	void maxIdleTimeStaysTenPercentBelowALargeBracketAndHalfBelowATinyOne() {
		assertThat(Recommendation.of("b", true, closed(60, 60.4, CloseKind.FIN), ANNOUNCED_100, null, null, null).maxIdleTimeMillis())
			.isEqualTo(54_000);
		assertThat(Recommendation.of("b", true, closed(0.8, 1.0, CloseKind.FIN), ANNOUNCED_100, null, null, null).maxIdleTimeMillis())
			.isEqualTo(400);
	}

	@Test
	void silentDropAsksForAResponseTimeoutToo() {
		assertThat(Recommendation.of("b", true, closed(4.5, 5.0, CloseKind.SILENT), ANNOUNCED_100, null, null, null).reasons())
			.anyMatch((reason) -> reason.contains("responseTimeout"));
	}

	@Test
	void unannouncedRequestLimitAsksForMaxLifeTime() {
		RequestLimit unannounced = new RequestLimit(100, true, false, 1000, 0.2);

		assertThat(Recommendation.of("b", true, closed(4.5, 5.0, CloseKind.FIN), unannounced, null, null, null).code())
			.contains(".maxLifeTime(");
	}

	@Test
	void noIdleTimeoutFoundStaysBelowTheProbesBound() {
		IdleTimeout stillOpen = new IdleTimeout(120, null, null, false, 8, true, null);

		Recommendation recommendation = Recommendation.of("b", true, stillOpen, ANNOUNCED_100, null, null, null);

		assertThat(recommendation.maxIdleTimeMillis()).isEqualTo(108_000);
		assertThat(recommendation.reasons()).anyMatch((reason) -> reason.contains("not a limit of the server"));
	}

	@Test
	void noKeepAliveMeansNothingToTune() {
		Recommendation recommendation = Recommendation.of("b", false, null, null, null, null, null);

		assertThat(recommendation.maxIdleTimeMillis()).isNull();
		assertThat(recommendation.code()).isNull();
	}

	private static IdleTimeout closed(double usable, double closed, CloseKind kind) {
		return new IdleTimeout(usable, closed, kind, true, 8, true, false);
	}

}
