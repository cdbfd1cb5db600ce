package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class WaterfallTests {

	private static final Prediction NO_REUSE_TLS12 = Prediction.of(new ScenarioSettings("no-reuse.tls12",
			ReuseMode.NO_REUSE, Transport.TLS12, 15.0, 0.5, 2, 10, false, "c1", Map.of()), (hop) -> false);

	private static final Prediction REUSE_PLAIN = Prediction.of(new ScenarioSettings("reuse.plain", ReuseMode.REUSE,
			Transport.PLAIN, 15.0, 0.5, 2, 10, true, "c1", Map.of()), (hop) -> false);

	@Test
	void newConnectionsPayTheirHandshakesBeforeEachRequestAndTheSegmentsAddUpToThePrediction() {
		List<Waterfall.Segment> segments = Waterfall.segments(NO_REUSE_TLS12);
		assertThat(segments).extracting(Waterfall.Segment::kind)
			.containsExactly("handshake", "request", "handshake", "request", "handshake", "request", "work");
		assertThat(segments).extracting(Waterfall.Segment::ms).containsExactly(90.0, 30.0, 3.0, 1.0, 6.0, 2.0, 20.0);
		assertThat(segments.get(4).row()).isEqualTo("orchestration-api -> backend-api: 2 x 3 handshake round trips");
		double at = 0;
		for (Waterfall.Segment segment : segments) {
			assertThat(segment.startMs()).as("each segment starts where the one before ended").isEqualTo(at);
			at += segment.ms();
		}
		assertThat(at).isEqualTo(NO_REUSE_TLS12.totalMs()).isEqualTo(152.0);
	}

	@Test
	void reusedConnectionsHaveNoHandshakeSegment() {
		assertThat(Waterfall.segments(REUSE_PLAIN)).extracting(Waterfall.Segment::kind)
			.containsExactly("request", "request", "request", "work");
	}

	@Test
	void measuredBeyondThePredictionIsDrawnAsTheRestOnTheSharedScale() throws Exception {
		Document svg = LatencyChartTests.parse(Waterfall.svg("reuse.plain", "#0072b2", REUSE_PLAIN, 63, 160));
		assertThat(LatencyChartTests.text(svg)).contains("reuse.plain: predicted 53.0 ms, measured p50 63 ms");
		Element rest = rect(svg, "rest");
		Element measured = rect(svg, "measured");
		assertThat(rest.getTextContent()).isEqualTo("+10.0 ms not in the prediction (CPU, queuing)");
		// On a scale of 160 ms, 53 ms of prediction and 10 ms of rest keep their proportion.
		assertThat(Double.parseDouble(rest.getAttribute("width")) / Double.parseDouble(measured.getAttribute("width")))
			.isCloseTo(10 / 53.0, org.assertj.core.data.Offset.offset(0.01));
		assertThat(measured.getAttribute("fill")).isEqualTo("#0072b2");
	}

	private static Element rect(Document svg, String kind) {
		NodeList rects = svg.getElementsByTagName("rect");
		for (int i = 0; i < rects.getLength(); i++) {
			if (kind.equals(((Element) rects.item(i)).getAttribute("class"))) {
				return (Element) rects.item(i);
			}
		}
		throw new AssertionError("no rect of class " + kind);
	}

}
