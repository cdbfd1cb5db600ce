package io.keepalivelab.load;

import static io.keepalivelab.load.LatencyChart.line;
import static io.keepalivelab.load.LatencyChart.text;
import static io.keepalivelab.load.Table.escapeHtml;
import static io.keepalivelab.load.Table.format;

import java.util.List;

/**
 * A fault scenario second by second, as an inline SVG: requests that succeeded (in the scenario's colour)
 * and failed (red) in each second of the measured phase, with the time the fault acted shaded, so that when
 * requests were lost and whether the run recovered shows at a glance. A fault without windows in
 * {@code fault.json} is a condition of the whole run, and the whole run is shaded.
 */
final class FaultTimeline {

	static final int WIDTH = 480;

	static final int HEIGHT = 200;

	static final String FAILED = "#c00000";

	private static final int LEFT = 44;

	private static final int RIGHT = 10;

	private static final int TOP = 26;

	private static final int BOTTOM = 34;

	private FaultTimeline() {
	}

	static String svg(String scenario, String colour, Timeline timeline, FaultSettings fault) {
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		int seconds = Math.max(1, timeline.seconds());
		long highest = 1;
		for (int second = 0; second < timeline.seconds(); second++) {
			highest = Math.max(highest, timeline.succeeded().get(second) + timeline.failed().get(second));
		}
		long step = LatencyChart.niceStep(highest / 4.0);
		double top = Math.ceil((double) highest / step) * step;
		double slot = (double) plotWidth / seconds;
		StringBuilder svg = new StringBuilder();
		svg.append(format("<svg class=\"fault-timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
				+ "font-family=\"sans-serif\" font-size=\"11\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
		long failed = timeline.failed().stream().mapToLong(Long::longValue).sum();
		long succeeded = timeline.succeeded().stream().mapToLong(Long::longValue).sum();
		String title = format("%s: %d succeeded, %d failed", scenario, succeeded, failed);
		svg.append("<title>").append(escapeHtml(title)).append("</title>\n");
		text(svg, LEFT, 15, "start", "font-size=\"13\" font-weight=\"bold\"", title);
		List<FaultSettings.Window> windows = fault.windows();
		if (windows.isEmpty()) {
			shade(svg, LEFT, plotWidth, plotHeight, "fault: the whole run");
		}
		for (FaultSettings.Window window : windows) {
			double from = LEFT + Math.min(window.fromSeconds(), seconds) * slot;
			double to = LEFT + Math.min(window.toSeconds(), seconds) * slot;
			shade(svg, from, to - from, plotHeight, format("fault %.1f..%.1f s", window.fromSeconds(), window.toSeconds()));
		}
		for (long count = 0; count <= top; count += step) {
			double y = y(count, top, plotHeight);
			line(svg, LEFT, y, LEFT + plotWidth, y, "stroke=\"#e4e4e4\"");
			text(svg, LEFT - 5, y + 4, "end", "", Long.toString(count));
		}
		for (int second = 0; second < timeline.seconds(); second++) {
			long ok = timeline.succeeded().get(second);
			long lost = timeline.failed().get(second);
			double x = LEFT + second * slot + 0.5;
			double width = Math.max(slot - 1, 0.5);
			double okTop = y(ok, top, plotHeight);
			double lostTop = y(ok + lost, top, plotHeight);
			String tip = format("second %d: %d succeeded, %d failed", second, ok, lost);
			rect(svg, "succeeded", x, okTop, width, TOP + plotHeight - okTop, colour, tip);
			if (lost > 0) {
				rect(svg, "failed", x, lostTop, width, okTop - lostTop, FAILED, tip);
			}
		}
		long labelStep = LatencyChart.niceStep(seconds / 8.0);
		for (long second = 0; second <= seconds; second += labelStep) {
			double x = LEFT + second * slot;
			line(svg, x, TOP + plotHeight, x, TOP + plotHeight + 4, "stroke=\"#444\"");
			text(svg, x, TOP + plotHeight + 15, "middle", "", Long.toString(second));
		}
		line(svg, LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "stroke=\"#444\"");
		text(svg, LEFT + plotWidth / 2.0, HEIGHT - 4, "middle", "",
				"second of the measured phase; bars: requests ended per second");
		return svg.append("</svg>\n").toString();
	}

	private static void shade(StringBuilder svg, double x, double width, int plotHeight, String label) {
		svg.append(format("<rect class=\"fault-window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#000\" "
				+ "fill-opacity=\"0.08\"><title>%s</title></rect>\n", x, TOP, Math.max(width, 1), plotHeight,
				escapeHtml(label)));
		text(svg, x + 3, TOP + 11, "start", "fill=\"#555\"", label);
	}

	private static void rect(StringBuilder svg, String kind, double x, double y, double width, double height,
			String fill, String tip) {
		svg.append(format("<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				+ "<title>%s</title></rect>\n", kind, x, y, width, height, fill, escapeHtml(tip)));
	}

	private static double y(double count, double top, int plotHeight) {
		return TOP + plotHeight - count / top * plotHeight;
	}

}
