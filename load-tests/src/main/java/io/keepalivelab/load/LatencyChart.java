package io.keepalivelab.load;

import static io.keepalivelab.load.Table.escapeHtml;
import static io.keepalivelab.load.Table.format;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The scenarios' latency distributions overlaid on one axis, as an inline SVG without script: for each
 * scenario the share of requests that took at most x ms (a cumulative distribution), in its colour, with its
 * predicted latency as a dashed line of the same colour. One axis for all, so that the eye compares the
 * distributions; when the fastest and slowest requests shown are more than {@link #LOG_SPREAD} apart, the
 * axis is logarithmic. Requests that pay a handshake and requests on reused connections show as two steps.
 */
final class LatencyChart {

	/** The spread (slowest / fastest shown) above which a linear axis would squeeze the fast scenarios. */
	static final double LOG_SPREAD = 5;

	private static final int LEFT = 52;

	private static final int RIGHT = 16;

	private static final int TOP = 30;

	private static final int BOTTOM = 40;

	private static final int LEGEND_LINE = 16;

	private LatencyChart() {
	}

	/** One scenario's distribution on the chart. */
	record Series(String name, String colour, Histogram latencies, OptionalDouble predictedMs) {
	}

	/**
	 * The milliseconds shown, shared by every chart of a report: from a little below the fastest 0.1th
	 * percentile (or prediction) to a little above the slowest 99.9th percentile (or prediction).
	 */
	record Axis(double fromMs, double toMs, boolean log) {

		static Axis of(List<Series> series) {
			double low = Double.MAX_VALUE;
			double high = 0;
			for (Series one : series) {
				if (one.latencies().getTotalCount() > 0) {
					low = Math.min(low, one.latencies().getValueAtPercentile(0.1));
					high = Math.max(high, one.latencies().getValueAtPercentile(99.9) + 1);
				}
				if (one.predictedMs().isPresent()) {
					low = Math.min(low, one.predictedMs().getAsDouble());
					high = Math.max(high, one.predictedMs().getAsDouble());
				}
			}
			if (high == 0) {
				return new Axis(0, 10, false);
			}
			low = Math.max(low, 0.5);
			if (high / low > LOG_SPREAD) {
				return new Axis(low / 1.15, high * 1.15, true);
			}
			double margin = Math.max(2, (high - low) * 0.08);
			return new Axis(Math.max(0, Math.floor(low - margin)), Math.ceil(high + margin), false);
		}

		double x(double ms, double left, double width) {
			double clamped = Math.max(this.fromMs, Math.min(this.toMs, ms));
			double share = this.log ? Math.log(clamped / this.fromMs) / Math.log(this.toMs / this.fromMs)
					: (clamped - this.fromMs) / (this.toMs - this.fromMs);
			return left + share * width;
		}

		/**
		 * Tick values: on a log axis 1, 2 and 5 times powers of ten, and 3 and 7 too when the axis spans
		 * less than two decades; a nice step on a linear one.
		 */
		List<Double> ticks() {
			List<Double> ticks = new ArrayList<>();
			if (this.log) {
				int[] factors = (this.toMs / this.fromMs < 100) ? new int[] { 1, 2, 3, 5, 7 } : new int[] { 1, 2, 5 };
				for (double decade = Math.pow(10, Math.floor(Math.log10(this.fromMs))); decade <= this.toMs; decade *= 10) {
					for (int factor : factors) {
						double tick = decade * factor;
						if (tick >= this.fromMs && tick <= this.toMs) {
							ticks.add(tick);
						}
					}
				}
				return ticks;
			}
			long step = niceStep((this.toMs - this.fromMs) / 8.0);
			for (long ms = (long) Math.ceil(this.fromMs / step) * step; ms <= this.toMs; ms += step) {
				ticks.add((double) ms);
			}
			return ticks;
		}

	}

	/**
	 * The {@code <svg>} element, well-formed XML; {@code title} may be empty. {@code plotAreaHeight} is the
	 * height without the legend, which adds a line per scenario below the axis, where no curve runs.
	 */
	static String svg(String title, List<Series> series, Axis axis, int width, int plotAreaHeight) {
		int plotWidth = width - LEFT - RIGHT;
		int plotHeight = plotAreaHeight - TOP - BOTTOM;
		int height = plotAreaHeight + LEGEND_LINE * series.size();
		StringBuilder svg = new StringBuilder();
		svg.append(format("<svg class=\"latency-chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
				+ "font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
		svg.append("<title>").append(escapeHtml(describe(title, series))).append("</title>\n");
		if (!title.isEmpty()) {
			text(svg, LEFT, 16, "start", "font-size=\"13\" font-weight=\"bold\"", title);
		}
		for (int percent = 0; percent <= 100; percent += 25) {
			double y = TOP + plotHeight - percent / 100.0 * plotHeight;
			line(svg, LEFT, y, LEFT + plotWidth, y, (percent == 50) ? "stroke=\"#999\" stroke-dasharray=\"2 2\""
					: "stroke=\"#e4e4e4\"");
			text(svg, LEFT - 6, y + 4, "end", "", percent + "%");
		}
		for (double tick : axis.ticks()) {
			double x = axis.x(tick, LEFT, plotWidth);
			line(svg, x, TOP, x, TOP + plotHeight, "stroke=\"#f0f0f0\"");
			line(svg, x, TOP + plotHeight, x, TOP + plotHeight + 4, "stroke=\"#444\"");
			text(svg, x, TOP + plotHeight + 16, "middle", "", format("%.0f", tick));
		}
		line(svg, LEFT, TOP, LEFT, TOP + plotHeight, "stroke=\"#444\"");
		line(svg, LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "stroke=\"#444\"");
		text(svg, LEFT + plotWidth / 2.0, plotAreaHeight - 8, "middle", "",
				"response time (ms" + (axis.log() ? ", log scale" : "") + "); y: share of requests at most that long");

		for (int i = 0; i < series.size(); i++) {
			Series one = series.get(i);
			if (one.predictedMs().isPresent()) {
				double x = axis.x(one.predictedMs().getAsDouble(), LEFT, plotWidth);
				svg.append(format("<line class=\"predicted\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
						+ "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>%s</title></line>\n", x, TOP, x,
						TOP + plotHeight, one.colour(), escapeHtml(one.name() + format(": predicted %.1f ms",
								one.predictedMs().getAsDouble()))));
				text(svg, x + 3, TOP + 10 + 12 * i, "start", "fill=\"" + one.colour() + "\"",
						format("predicted %.0f", one.predictedMs().getAsDouble()));
			}
		}
		for (Series one : series) {
			if (one.latencies().getTotalCount() > 0) {
				svg.append("<path class=\"cdf\" fill=\"none\" stroke=\"").append(one.colour())
					.append("\" stroke-width=\"2\" d=\"").append(path(one.latencies(), axis, plotWidth, plotHeight))
					.append("\"><title>").append(escapeHtml(summary(one))).append("</title></path>\n");
			}
		}
		legend(svg, series, axis, plotAreaHeight);
		return svg.append("</svg>\n").toString();
	}

	/** The cumulative distribution as steps: at each recorded value the share rises by its requests. */
	private static String path(Histogram latencies, Axis axis, int plotWidth, int plotHeight) {
		double total = latencies.getTotalCount();
		long below = 0;
		StringBuilder d = new StringBuilder();
		boolean started = false;
		for (HistogramIterationValue value : latencies.recordedValues()) {
			long ms = latencies.lowestEquivalentValue(value.getValueIteratedTo());
			if (ms < axis.fromMs()) {
				below = value.getTotalCountToThisValue();
				continue;
			}
			if (ms > axis.toMs()) {
				break;
			}
			if (!started) {
				d.append(format("M%.1f %.1f", axis.x(axis.fromMs(), LEFT, plotWidth), y(below / total, plotHeight)));
				started = true;
			}
			d.append(format(" H%.1f V%.1f", axis.x(ms, LEFT, plotWidth),
					y(value.getTotalCountToThisValue() / total, plotHeight)));
		}
		if (!started) {
			d.append(format("M%.1f %.1f", axis.x(axis.fromMs(), LEFT, plotWidth), y(below / total, plotHeight)));
		}
		return d.append(format(" H%.1f", axis.x(axis.toMs(), LEFT, plotWidth))).toString();
	}

	/** Below the axis: one line per scenario, in its colour. */
	private static void legend(StringBuilder svg, List<Series> series, Axis axis, double top) {
		double y = top + LEGEND_LINE - 4;
		for (Series one : series) {
			line(svg, LEFT, y - 4, LEFT + 18, y - 4, "stroke=\"" + one.colour() + "\" stroke-width=\"3\"");
			text(svg, LEFT + 24, y, "start", "", summary(one) + hidden(one, axis));
			y += LEGEND_LINE;
		}
	}

	private static String summary(Series one) {
		if (one.latencies().getTotalCount() == 0) {
			return one.name() + ": no measured requests";
		}
		return one.name() + ": p50 " + one.latencies().getValueAtPercentile(50) + " ms, p99 "
				+ one.latencies().getValueAtPercentile(99) + " ms";
	}

	/** How many of a scenario's requests lie beyond the axis, where its line stops. */
	private static String hidden(Series one, Axis axis) {
		long beyond = one.latencies().getTotalCount() - one.latencies().getCountBetweenValues(0, (long) axis.toMs());
		return (beyond > 0) ? ", " + beyond + " beyond" : "";
	}

	private static String describe(String title, List<Series> series) {
		List<String> parts = new ArrayList<>();
		series.forEach((one) -> parts.add(summary(one)));
		return (title.isEmpty() ? "Latency distribution" : title) + ": " + String.join("; ", parts);
	}

	/** 1, 2 or 5 times a power of ten, at least {@code rough} and at least 1. */
	static long niceStep(double rough) {
		long magnitude = 1;
		while (magnitude * 10 <= rough) {
			magnitude *= 10;
		}
		for (long factor : new long[] { 1, 2, 5, 10 }) {
			if (factor * magnitude >= rough) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static double y(double share, int plotHeight) {
		return TOP + plotHeight - share * plotHeight;
	}

	static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String attributes) {
		svg.append(format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, attributes));
	}

	static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
		svg.append(format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor,
				attributes.isEmpty() ? "" : " " + attributes))
			.append(escapeHtml(text))
			.append("</text>\n");
	}

}
