package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;

import javax.xml.parsers.DocumentBuilderFactory;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LatencyChartTests {

	@Test
	void everyScenarioIsOneCurveOnTheSameAxisWithItsPredictedMarkerInItsColour() throws Exception {
		List<LatencyChart.Series> series = List.of(
				new LatencyChart.Series("reuse", "#0072b2", histogram(60, 100), OptionalDouble.of(53.0)),
				new LatencyChart.Series("no-reuse", "#d55e00", histogram(100, 100), OptionalDouble.of(86.0)));
		LatencyChart.Axis axis = LatencyChart.Axis.of(series);
		assertThat(axis.log()).isFalse();
		assertThat(axis.fromMs()).isLessThan(53);
		assertThat(axis.toMs()).isGreaterThan(100);
		Document svg = parse(LatencyChart.svg("", series, axis, 1000, 360));

		NodeList curves = svg.getElementsByTagName("path");
		assertThat(curves.getLength()).isEqualTo(2);
		assertThat(((Element) curves.item(0)).getAttribute("stroke")).isEqualTo("#0072b2");
		assertThat(((Element) curves.item(1)).getAttribute("stroke")).isEqualTo("#d55e00");
		// On one axis the slower scenario's step lies to the right of the faster one's.
		assertThat(firstStepX(curves.item(1))).isGreaterThan(firstStepX(curves.item(0)));
		assertThat(predictedMarkers(svg)).containsExactly("#0072b2", "#d55e00");
		assertThat(text(svg)).contains("reuse: p50 60 ms, p99 60 ms", "no-reuse: p50 100 ms, p99 100 ms",
				"predicted 53", "predicted 86");
	}

	@Test
	void aWideSpreadGetsALogarithmicAxis() {
		List<LatencyChart.Series> series = List.of(
				new LatencyChart.Series("fast", "#0072b2", histogram(50, 100), OptionalDouble.empty()),
				new LatencyChart.Series("hung", "#d55e00", histogram(3000, 100), OptionalDouble.empty()));
		LatencyChart.Axis axis = LatencyChart.Axis.of(series);
		assertThat(axis.log()).isTrue();
		assertThat(axis.ticks()).contains(100.0, 1000.0);
		assertThat(axis.x(100, 0, 100)).as("a decade takes the same width wherever it is")
			.isCloseTo(axis.x(1000, 0, 100) - (axis.x(3000, 0, 100) - axis.x(300, 0, 100)), org.assertj.core.data.Offset.offset(0.01));
	}

	@Test
	void requestsBeyondTheAxisAreCountedInTheLegend() throws Exception {
		Histogram latencies = histogram(40, 9999);
		latencies.recordValue(5000);
		List<LatencyChart.Series> series = List.of(new LatencyChart.Series("tail", "#0072b2", latencies,
				OptionalDouble.of(45.0)));
		Document svg = parse(LatencyChart.svg("", series, LatencyChart.Axis.of(series), 1000, 360));
		assertThat(text(svg)).contains("tail: p50 40 ms, p99 40 ms, 1 beyond");
	}

	@Test
	void emptyHistogramSaysSoAndDrawsNoCurve() throws Exception {
		List<LatencyChart.Series> series = List.of(new LatencyChart.Series("a <b> & c", "#0072b2", new Histogram(3),
				OptionalDouble.of(53.0)));
		Document svg = parse(LatencyChart.svg("", series, LatencyChart.Axis.of(series), 1000, 360));
		assertThat(text(svg)).contains("a <b> & c: no measured requests");
		assertThat(svg.getElementsByTagName("path").getLength()).isZero();
	}

	@Test
	void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
		assertThat(LatencyChart.niceStep(0.25)).isEqualTo(1);
		assertThat(LatencyChart.niceStep(3)).isEqualTo(5);
		assertThat(LatencyChart.niceStep(19)).isEqualTo(20);
		assertThat(LatencyChart.niceStep(100)).isEqualTo(100);
		assertThat(LatencyChart.niceStep(101)).isEqualTo(200);
	}

	static Histogram histogram(long ms, long count) {
		Histogram histogram = new Histogram(3);
		histogram.recordValueWithCount(ms, count);
		return histogram;
	}

	/** The x of a curve's first rise: {@code M x0 y0 Hx Vy ...}. */
	private static double firstStepX(org.w3c.dom.Node path) {
		String d = ((Element) path).getAttribute("d");
		int h = d.indexOf('H');
		return Double.parseDouble(d.substring(h + 1, d.indexOf(' ', h)));
	}

	static Document parse(String svg) throws Exception {
		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
		return document;
	}

	static String text(Document svg) {
		StringBuilder text = new StringBuilder();
		NodeList texts = svg.getElementsByTagName("text");
		for (int i = 0; i < texts.getLength(); i++) {
			text.append(texts.item(i).getTextContent()).append('\n');
		}
		return text.toString();
	}

	/** The colour of each predicted marker, in order. */
	static List<String> predictedMarkers(Document svg) {
		List<String> colours = new java.util.ArrayList<>();
		NodeList lines = svg.getElementsByTagName("line");
		for (int i = 0; i < lines.getLength(); i++) {
			Element line = (Element) lines.item(i);
			if ("predicted".equals(line.getAttribute("class"))) {
				colours.add(line.getAttribute("stroke"));
			}
		}
		return colours;
	}

}
