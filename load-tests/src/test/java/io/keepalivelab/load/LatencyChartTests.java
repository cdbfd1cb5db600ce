package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

import javax.xml.parsers.DocumentBuilderFactory;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LatencyChartTests {

	@Test
	void bimodalDistributionShowsTwoHumpsAndThePredictedMarker() throws Exception {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(52, 100);
		latencies.recordValueWithCount(53, 300);
		latencies.recordValueWithCount(152, 200);
		Document svg = parse(LatencyChart.svg("no-reuse", latencies, OptionalDouble.of(53.0)));

		NodeList bars = svg.getElementsByTagName("rect");
		assertThat(bars.getLength()).as("one bar per non-empty 2 ms bucket").isEqualTo(2);
		assertThat(bars.item(0).getTextContent()).isEqualTo("52 to 53 ms: 400 requests");
		assertThat(bars.item(1).getTextContent()).isEqualTo("152 to 153 ms: 200 requests");
		assertThat(text(svg)).contains("no-reuse: 600 requests, p50 53 ms, predicted 53.0 ms")
			.contains("response time (ms)")
			.contains("requests")
			.contains("predicted 53.0 ms");
		assertThat(predictedMarkers(svg)).isEqualTo(1);
	}

	@Test
	void withoutPredictionThereIsNoMarker() throws Exception {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(20, 10);
		Document svg = parse(LatencyChart.svg("old", latencies, OptionalDouble.empty()));
		assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(1);
		assertThat(predictedMarkers(svg)).isZero();
		assertThat(text(svg)).contains("old: 10 requests, p50 20 ms").doesNotContain("predicted");
	}

	@Test
	void rareOutliersBeyondTheAxisAreCountedInTheTitle() throws Exception {
		Histogram latencies = new Histogram(3);
		latencies.recordValueWithCount(40, 9999);
		latencies.recordValue(5000);
		Document svg = parse(LatencyChart.svg("tail", latencies, OptionalDouble.of(45.0)));
		assertThat(text(svg)).contains("(1 outside 38..45 ms not shown)");
		assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(1);
	}

	@Test
	void emptyHistogramSaysSo() throws Exception {
		Document svg = parse(LatencyChart.svg("a <b> & c", new Histogram(3), OptionalDouble.of(53.0)));
		assertThat(text(svg)).contains("a <b> & c: no measured requests");
	}

	@Test
	void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
		assertThat(LatencyChart.niceStep(0.25)).isEqualTo(1);
		assertThat(LatencyChart.niceStep(3)).isEqualTo(5);
		assertThat(LatencyChart.niceStep(19)).isEqualTo(20);
		assertThat(LatencyChart.niceStep(100)).isEqualTo(100);
		assertThat(LatencyChart.niceStep(101)).isEqualTo(200);
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

	static int predictedMarkers(Document svg) {
		int markers = 0;
		NodeList lines = svg.getElementsByTagName("line");
		for (int i = 0; i < lines.getLength(); i++) {
			markers += "predicted".equals(((Element) lines.item(i)).getAttribute("class")) ? 1 : 0;
		}
		return markers;
	}

}
