package io.keepalivelab.load;

import static io.keepalivelab.load.LatencyChart.text;
import static io.keepalivelab.load.Table.escapeHtml;
import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of one typical request goes, as an inline SVG: for each hop, the round trips that set up
 * new connections and the round trips of the requests, then the backend's work, one after the other as
 * the {@link Prediction} adds them up, and below them the measured p50 with what the prediction leaves out
 * (CPU, queuing). Every waterfall of a report is drawn to the same scale, so that what reuse removes, the
 * handshake segments, shows by comparing two of them.
 */
final class Waterfall {

	static final int WIDTH = 1000;

	private static final int LABEL_WIDTH = 330;

	private static final int RIGHT = 70;

	private static final int ROW = 20;

	private static final int TOP = 24;

	/** Handshakes are drawn in the scenario's colour, lighter; requests in it; work and the rest in greys. */
	private static final String WORK = "#8c8c8c";

	private Waterfall() {
	}

	/** One bar of the waterfall: what it is, where it starts and how long it lasts, in ms. */
	record Segment(String row, String kind, double startMs, double ms) {
	}

	/** The segments of a prediction, in the order it adds them: per hop the handshakes, then the requests. */
	static List<Segment> segments(Prediction prediction) {
		List<Segment> segments = new ArrayList<>();
		double at = 0;
		for (Prediction.HopCost hop : prediction.hops()) {
			String calls = (hop.callsPerRequest() > 1) ? hop.callsPerRequest() + " x " : "";
			int handshakes = hop.roundTrips() - 1;
			if (handshakes > 0) {
				double ms = handshakes * 2 * hop.delayMs() * hop.callsPerRequest();
				segments.add(new Segment(hop.hop().label() + ": " + calls + handshakes + " handshake round trip"
						+ ((handshakes > 1) ? "s" : ""), "handshake", at, ms));
				at += ms;
			}
			double ms = 2 * hop.delayMs() * hop.callsPerRequest();
			segments.add(new Segment(hop.hop().label() + ": " + calls + "request round trip", "request", at, ms));
			at += ms;
		}
		segments.add(new Segment("backend work", "work", at, prediction.workMs()));
		return segments;
	}

	/**
	 * The scenario's waterfall on a scale of {@code scaleMs} across the plot.
	 * @param measuredP50 the scenario's measured p50, in ms
	 */
	static String svg(String scenario, String colour, Prediction prediction, long measuredP50, double scaleMs) {
		List<Segment> segments = segments(prediction);
		int rows = segments.size() + 1;
		int height = TOP + rows * ROW + 24;
		double plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
		StringBuilder svg = new StringBuilder();
		svg.append(format("<svg class=\"waterfall\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
				+ "font-family=\"sans-serif\" font-size=\"11\">\n", WIDTH, height, WIDTH, height));
		svg.append("<title>").append(escapeHtml(format("%s: predicted %.1f ms, measured p50 %d ms", scenario,
				prediction.totalMs(), measuredP50))).append("</title>\n");
		text(svg, 0, 15, "start", "font-size=\"13\" font-weight=\"bold\" fill=\"" + colour + "\"",
				format("%s: predicted %.1f ms, measured p50 %d ms", scenario, prediction.totalMs(), measuredP50));
		double y = TOP;
		for (Segment segment : segments) {
			text(svg, LABEL_WIDTH - 8, y + 14, "end", "", segment.row());
			bar(svg, segment.kind(), colour(segment.kind(), colour), opacity(segment.kind()),
					x(segment.startMs(), scaleMs, plotWidth), y + 3, segment.ms() / scaleMs * plotWidth,
					format("%.1f ms", segment.ms()));
			y += ROW;
		}
		text(svg, LABEL_WIDTH - 8, y + 14, "end", "font-weight=\"bold\"", "measured p50");
		double predicted = Math.min(prediction.totalMs(), measuredP50);
		bar(svg, "measured", colour, "1", x(0, scaleMs, plotWidth), y + 3, predicted / scaleMs * plotWidth,
				format("%d ms", measuredP50));
		if (measuredP50 > prediction.totalMs()) {
			bar(svg, "rest", "#bbbbbb", "1", x(prediction.totalMs(), scaleMs, plotWidth), y + 3,
					(measuredP50 - prediction.totalMs()) / scaleMs * plotWidth,
					format("+%.1f ms not in the prediction (CPU, queuing)", measuredP50 - prediction.totalMs()));
		}
		double end = x(Math.max(measuredP50, prediction.totalMs()), scaleMs, plotWidth);
		text(svg, end + 4, y + 14, "start", "", format("%d ms", measuredP50));
		double predictedX = x(prediction.totalMs(), scaleMs, plotWidth);
		svg.append(format("<line class=\"predicted\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
				+ "stroke-dasharray=\"4 3\"/>\n", predictedX, TOP, predictedX, y + ROW, colour));
		return svg.append("</svg>\n").toString();
	}

	private static void bar(StringBuilder svg, String kind, String fill, String opacity, double x, double y, double width,
			String label) {
		svg.append(format("<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
				+ "fill-opacity=\"%s\"><title>%s</title></rect>\n", kind, x, y, Math.max(width, 0.5), ROW - 6, fill,
				opacity, escapeHtml(label)));
	}

	private static String colour(String kind, String scenarioColour) {
		return kind.equals("work") ? WORK : scenarioColour;
	}

	private static String opacity(String kind) {
		return kind.equals("handshake") ? "0.4" : "1";
	}

	private static double x(double ms, double scaleMs, double plotWidth) {
		return LABEL_WIDTH + ms / scaleMs * plotWidth;
	}

}
