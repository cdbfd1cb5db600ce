package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrometheusMetricsTests {

	static final String PUBLIC_API_TLS12 = """
			# HELP reactor_netty_http_client_connect_time_seconds Time spent for connecting to the remote address
			# TYPE reactor_netty_http_client_connect_time_seconds summary
			reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 400
			reactor_netty_http_client_connect_time_seconds_sum{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 0.02
			reactor_netty_http_client_connect_time_seconds_count{proxy_address="na",remote_address="127.0.0.1:18081",status="ERROR"} 3
			reactor_netty_http_client_connect_time_seconds_sum{proxy_address="na",remote_address="127.0.0.1:18081",status="ERROR"} 9.0
			# HELP reactor_netty_http_client_connect_time_seconds_max Time spent for connecting to the remote address
			# TYPE reactor_netty_http_client_connect_time_seconds_max gauge
			reactor_netty_http_client_connect_time_seconds_max{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 0.0012
			# TYPE reactor_netty_http_client_tls_handshake_time_seconds summary
			reactor_netty_http_client_tls_handshake_time_seconds_count{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 400.0
			reactor_netty_http_client_tls_handshake_time_seconds_sum{proxy_address="na",remote_address="127.0.0.1:18081",status="SUCCESS"} 1.4
			reactor_netty_http_client_data_received_bytes_sum{remote_address="127.0.0.1:18081",uri="/orchestrate"} NaN
			jvm_info{runtime="OpenJDK Runtime Environment",vendor="Eclipse Adoptium",version="17.0.13+11"} 1
			""";

	@Test
	void timerSumsCountAndSumOfSuccessfulSeries() {
		PrometheusMetrics metrics = PrometheusMetrics.parse(PUBLIC_API_TLS12);
		PrometheusMetrics.TimerTotal connects = metrics.successfulTimer(PrometheusMetrics.CONNECT_TIME);
		assertThat(connects.count()).isEqualTo(400);
		assertThat(connects.meanMs().getAsDouble()).isCloseTo(0.05, within(1e-9));
		PrometheusMetrics.TimerTotal handshakes = metrics.successfulTimer(PrometheusMetrics.TLS_HANDSHAKE_TIME);
		assertThat(handshakes.count()).isEqualTo(400);
		assertThat(handshakes.meanMs().getAsDouble()).isCloseTo(3.5, within(1e-9));
		assertThat(metrics.skippedLines()).isZero();
	}

	@Test
	void timerThatNeverRanHasNoMean() {
		PrometheusMetrics.TimerTotal none = PrometheusMetrics.parse("""
				reactor_netty_http_client_tls_handshake_time_seconds_count{remote_address="a:1",status="ERROR"} 2
				reactor_netty_http_client_tls_handshake_time_seconds_sum{remote_address="a:1",status="ERROR"} 0.5
				""").successfulTimer(PrometheusMetrics.TLS_HANDSHAKE_TIME);
		assertThat(none.count()).isZero();
		assertThat(none.meanMs()).isEmpty();
	}

	@Test
	void missingTimerIsAnErrorNamingItNotZero() {
		PrometheusMetrics renamed = PrometheusMetrics.parse(PUBLIC_API_TLS12.replace("connect_time", "connection_time"));
		assertThatExceptionOfType(PrometheusMetrics.MissingMetricException.class)
			.isThrownBy(() -> renamed.successfulTimer(PrometheusMetrics.CONNECT_TIME))
			.satisfies((ex) -> assertThat(ex.metric()).isEqualTo(PrometheusMetrics.CONNECT_TIME + "_count"))
			.withMessageContaining(PrometheusMetrics.CONNECT_TIME);
	}

	@Test
	void seriesOfEveryRemoteAddressAddUp() {
		PrometheusMetrics metrics = PrometheusMetrics.parse("""
				t_seconds_count{remote_address="a:1",status="SUCCESS"} 2
				t_seconds_sum{remote_address="a:1",status="SUCCESS"} 0.004
				t_seconds_count{remote_address="b:2",status="SUCCESS"} 6
				t_seconds_sum{remote_address="b:2",status="SUCCESS"} 0.012
				""");
		assertThat(metrics.successfulTimer("t_seconds").count()).isEqualTo(8);
		assertThat(metrics.successfulTimer("t_seconds").meanMs().getAsDouble()).isCloseTo(2.0, within(1e-9));
	}

	@Test
	void labelEscapesTrailingCommaTimestampsAndSpecialValuesParse() {
		PrometheusMetrics metrics = PrometheusMetrics.parse("""
				a{path="C:\\\\dir",quote="say \\"hi\\", then go",line="1\\n2",} 1.5e3 1700000000000
				b NaN
				c{ x = "y" } +Inf
				d -Inf
				e{x="y"} 7 # {trace_id="abc"} 1.0
				""");
		assertThat(metrics.skippedLines()).isZero();
		assertThat(metrics.samples()).hasSize(5);
		PrometheusMetrics.Sample a = metrics.samples().get(0);
		assertThat(a.labels()).containsEntry("path", "C:\\dir")
			.containsEntry("quote", "say \"hi\", then go")
			.containsEntry("line", "1\n2");
		assertThat(a.value()).isEqualTo(1500.0);
		assertThat(metrics.samples().get(1).value()).isNaN();
		assertThat(metrics.samples().get(2).labels()).containsEntry("x", "y");
		assertThat(metrics.samples().get(2).value()).isInfinite();
		assertThat(metrics.samples().get(4).value()).isEqualTo(7.0);
	}

	@Test
	void unparseableLinesAreSkippedNotFatal() {
		PrometheusMetrics metrics = PrometheusMetrics.parse("""
				t_seconds_count{status="SUCCESS"} 4
				t_seconds_sum{status="SUCCESS"} 0.008
				t_seconds_count{status="SUCCESS",remote_address="broken} 9
				t_seconds_sum{status=SUCCESS} 1
				{status="SUCCESS"} 1
				t_seconds_count{status="SUCCESS",remote_address="x"} many
				t_seconds_count{status="SUCCESS",remote_address="y"} 3 trailing words
				u_seconds_count{status="SUCCESS"} NaN
				u_seconds_sum{status="SUCCESS"} 1
				""");
		assertThat(metrics.skippedLines()).isEqualTo(5);
		assertThat(metrics.successfulTimer("t_seconds").count()).isEqualTo(4);
		assertThat(metrics.successfulTimer("u_seconds").count()).isZero();
	}

	@Test
	void countWithoutItsSumIsLeftOut() {
		PrometheusMetrics metrics = PrometheusMetrics.parse("""
				t_seconds_count{remote_address="a",status="SUCCESS"} 4
				t_seconds_sum{remote_address="a",status="SUCCESS"} 0.008
				t_seconds_count{remote_address="b",status="SUCCESS"} 100
				""");
		assertThat(metrics.successfulTimer("t_seconds").count()).isEqualTo(4);
	}

}
