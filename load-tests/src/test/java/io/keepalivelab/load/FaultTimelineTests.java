package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FaultTimelineTests {

	private static final Timeline OUTAGE = new Timeline(List.of(30L, 30L, 30L, 0L, 0L, 30L, 30L, 30L, 30L, 30L),
			List.of(0L, 0L, 0L, 25L, 25L, 0L, 0L, 0L, 0L, 0L));

	@Test
	void failuresAreRedBarsInTheSecondsTheyHappenedAndTheFaultWindowIsShaded() throws Exception {
		FaultSettings fault = new FaultSettings("backend-restart", "hardened", "d", FaultSettings.Expect.BOUNDED, 3000,
				List.of(new FaultSettings.Window(3, 5)));
		Document svg = LatencyChartTests.parse(FaultTimeline.svg("backend-restart.hardened", "#0072b2", OUTAGE, fault));

		List<Element> failed = rects(svg, "failed");
		assertThat(failed).extracting(Element::getTextContent)
			.containsExactly("second 3: 0 succeeded, 25 failed", "second 4: 0 succeeded, 25 failed");
		assertThat(failed).allSatisfy((bar) -> assertThat(bar.getAttribute("fill")).isEqualTo(FaultTimeline.FAILED));
		assertThat(rects(svg, "succeeded")).hasSize(10);
		List<Element> windows = rects(svg, "fault-window");
		assertThat(windows).singleElement().satisfies((window) -> {
			double x = Double.parseDouble(window.getAttribute("x"));
			double width = Double.parseDouble(window.getAttribute("width"));
			// The window covers the two failing bars, and no other bar.
			assertThat(x).isLessThanOrEqualTo(Double.parseDouble(failed.get(0).getAttribute("x")));
			assertThat(x + width).isGreaterThanOrEqualTo(Double.parseDouble(failed.get(1).getAttribute("x")));
			assertThat(x + width).isLessThan(Double.parseDouble(rects(svg, "succeeded").get(5).getAttribute("x")));
		});
		assertThat(LatencyChartTests.text(svg)).contains("backend-restart.hardened: 240 succeeded, 50 failed",
				"fault 3.0..5.0 s");
	}

	@Test
	void aFaultWithoutWindowsShadesTheWholeRun() throws Exception {
		FaultSettings fault = new FaultSettings("idle-drop", "hardened", "d", FaultSettings.Expect.NO_FAILURES, 3000);
		Document svg = LatencyChartTests.parse(FaultTimeline.svg("idle-drop.hardened", "#0072b2", OUTAGE, fault));
		assertThat(rects(svg, "fault-window")).singleElement()
			.satisfies((window) -> assertThat(window.getTextContent()).isEqualTo("fault: the whole run"));
	}

	private static List<Element> rects(Document svg, String kind) {
		List<Element> found = new ArrayList<>();
		NodeList rects = svg.getElementsByTagName("rect");
		for (int i = 0; i < rects.getLength(); i++) {
			if (kind.equals(((Element) rects.item(i)).getAttribute("class"))) {
				found.add((Element) rects.item(i));
			}
		}
		return found;
	}

}
