package io.keepalivelab.connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundConnectionsTests {

	@ParameterizedTest
	@CsvSource({ "/work?workMs=10, /work", "/work, /work", "/orchestrate?calls=2&workMs=10, /orchestrate" })
	void metricsTagThePathWithoutTheQuery(String uri, String tag) {
		assertThat(OutboundConnections.pathOnly(uri)).isEqualTo(tag);
	}
}
