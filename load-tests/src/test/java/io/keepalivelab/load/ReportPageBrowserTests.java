package io.keepalivelab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.keepalivelab.testsupport.RequiredTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The report as a reader sees it: rendered by headless Chromium in a 1400 x 900 window, where the first
 * screen must answer the question with the headline, the summary table and the chart of every scenario's
 * distribution, the same way in a default run, a matrix and a faults run.
 */
class ReportPageBrowserTests {

	static final int WIDTH = 1400;

	static final int HEIGHT = 900;

	/** Where each element of the first screen is, what it says, and how wide the page is. */
	private static final String FIRST_SCREEN = """
			(() => {
			  const box = (id) => {
			    const element = document.getElementById(id);
			    if (!element) return null;
			    const r = element.getBoundingClientRect();
			    return { top: r.top, bottom: r.bottom, width: r.width, height: r.height, text: element.textContent };
			  };
			  return {
			    headline: box('headline'), summary: box('summary'), distribution: box('distribution'),
			    summaryRows: document.querySelectorAll('#summary tr').length,
			    charts: document.querySelectorAll('#distribution svg').length,
			    curves: document.querySelectorAll('#distribution svg path.cdf').length,
			    timelines: document.querySelectorAll('svg.fault-timeline').length,
			    scripts: document.scripts.length,
			    viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
			    pageWidth: document.documentElement.scrollWidth
			  };
			})()""";

	private static HeadlessChromium browser;

	@RegisterExtension
	final RunDirectory run = new RunDirectory();

	/** Each test skips (or fails under CI=true) on its own, so that a missing browser shows on every one. */
	@BeforeEach
	void startBrowserOnce() throws IOException, InterruptedException {
		Path chromium = HeadlessChromium.find().orElse(null);
		RequiredTool.require(chromium != null, "chromium is not on the PATH",
				"apt-get install chromium, Debian's package");
		if (browser == null) {
			browser = HeadlessChromium.start(chromium, WIDTH, HEIGHT);
		}
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@Test
	void firstScreenOfADefaultRunHoldsTheHeadlineTheSummaryAndOneChartOfBothScenarios() throws Exception {
		this.run.writeDefaultRun();
		JsonNode page = render("reuse.plain", "no-reuse.plain");

		assertThat(page.path("viewportWidth").asInt()).isEqualTo(WIDTH);
		assertThat(page.path("viewportHeight").asInt()).isEqualTo(HEIGHT);
		assertThat(page.path("pageWidth").asInt()).as("no horizontal scrolling").isLessThanOrEqualTo(WIDTH);
		for (String id : List.of("headline", "summary", "distribution")) {
			JsonNode box = page.path(id);
			assertThat(box.isObject()).as(id + " is on the page").isTrue();
			assertThat(box.path("height").asDouble()).as(id + " is drawn").isPositive();
			assertThat(box.path("top").asDouble()).as(id + " top").isNotNegative();
			assertThat(box.path("bottom").asDouble()).as(id + " ends within the first screen").isLessThanOrEqualTo(HEIGHT);
		}
		assertThat(page.path("headline").path("text").asString()).contains("reuse saves 38 ms per request over no-reuse");
		assertThat(page.path("summaryRows").asInt()).as("a header and a row per scenario").isEqualTo(3);
		assertThat(page.path("charts").asInt()).as("one chart").isEqualTo(1);
		assertThat(page.path("curves").asInt()).as("both scenarios on it").isEqualTo(2);
		assertThat(page.path("scripts").asInt()).isZero();
	}

	@Test
	void aMatrixHasTheSameFirstScreenWithOneChartPerTransport() throws Exception {
		List<String> scenarios = new java.util.ArrayList<>();
		for (String transport : List.of("plain", "tls12", "tls13", "h2")) {
			this.run.writeModeScenario("reuse." + transport, "reuse", transport, 62);
			this.run.writeModeScenario("no-reuse." + transport, "no-reuse", transport, 150);
			scenarios.addAll(List.of("reuse." + transport, "no-reuse." + transport));
		}
		JsonNode page = render(scenarios.toArray(String[]::new));

		assertInOrder(page, "headline", "summary", "distribution");
		assertThat(page.path("headline").path("bottom").asDouble()).isLessThanOrEqualTo(HEIGHT);
		assertThat(page.path("summaryRows").asInt()).isEqualTo(9);
		assertThat(page.path("charts").asInt()).isEqualTo(4);
		assertThat(page.path("curves").asInt()).isEqualTo(8);
		assertThat(page.path("pageWidth").asInt()).isLessThanOrEqualTo(WIDTH);
	}

	@Test
	void aFaultsRunHasTheSameFirstScreenAndATimelinePerScenario() throws Exception {
		this.run.writeFaultScenario("idle-drop.misconfigured", "idle-drop", "misconfigured", "failures", List.of(3, 7), "");
		this.run.writeFaultScenario("backend-restart.hardened", "backend-restart", "hardened", "bounded", List.of(4),
				"[{\"fromSeconds\":3,\"toSeconds\":6}]");
		JsonNode page = renderAllowingFailures("idle-drop.misconfigured", "backend-restart.hardened");

		assertInOrder(page, "headline", "summary", "distribution");
		assertThat(page.path("distribution").path("bottom").asDouble()).isLessThanOrEqualTo(HEIGHT);
		assertThat(page.path("headline").path("text").asString()).contains("misconfigured lost 20 of 360 requests");
		assertThat(page.path("timelines").asInt()).isEqualTo(2);
	}

	private JsonNode render(String... scenarios) throws IOException, InterruptedException {
		assertThat(this.run.report(scenarios)).as(this.run.err()).isEqualTo(ComparisonReport.OK);
		browser.load(this.run.dir().resolve(ComparisonReport.HTML_FILE_NAME));
		return browser.evaluate(FIRST_SCREEN);
	}

	private JsonNode renderAllowingFailures(String... scenarios) throws IOException, InterruptedException {
		this.run.report(scenarios);
		browser.load(this.run.dir().resolve(ComparisonReport.HTML_FILE_NAME));
		return browser.evaluate(FIRST_SCREEN);
	}

	private static void assertInOrder(JsonNode page, String... ids) {
		double above = 0;
		for (String id : ids) {
			JsonNode box = page.path(id);
			assertThat(box.path("height").asDouble()).as(id + " is drawn").isPositive();
			assertThat(box.path("top").asDouble()).as(id + " below the one before").isGreaterThanOrEqualTo(above);
			above = box.path("bottom").asDouble();
		}
	}

}
