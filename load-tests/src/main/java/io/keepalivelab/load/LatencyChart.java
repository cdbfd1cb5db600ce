package io.keepalivelab.load;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A scenario's latency distribution as a small inline SVG bar chart, without script or external
 * resources: requests per response-time bucket, from the histogram's own linear iteration, with the
 * predicted latency as a vertical marker. Linear buckets show what a
 * load tester sees when only some requests pay a handshake: one hump for the requests on reused
 * connections, one for those on new ones.
 */
final class LatencyChart {

	static final int WIDTH = 640;

	static final int HEIGHT = 270;

	/** About this many buckets across the axis: fine enough to separate two humps, coarse enough to read. */
	static final int TARGET_BUCKETS = 80;

	/** Room left of the fastest requests (or the prediction), as a share of the span shown. */
	private static final double MARGIN = 0.15;

	private static final int LEFT = 60;

	private static final int RIGHT = 20;

	private static final int TOP = 42;

	private static final int BOTTOM = 44;

	private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;

	private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

	private LatencyChart() {
	}

	/** The {@code <svg>} element, well-formed XML, for a histogram of whole milliseconds. */
	static String svg(String scenario, Histogram latencies, OptionalDouble predictedMs) {
		StringBuilder svg = new StringBuilder();
		svg.append("<svg class=\"latency-chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
			.formatted(WIDTH, HEIGHT, WIDTH, HEIGHT))
			.append("font-family=\"sans-serif\" font-size=\"11\">\n");
		long total = latencies.getTotalCount();
		if (total == 0) {
			text(svg, LEFT, TOP - 22, "start", "font-size=\"13\" font-weight=\"bold\"", scenario + ": no measured requests");
			return svg.append("</svg>\n").toString();
		}
		Buckets buckets = Buckets.of(latencies, predictedMs);
		long axisFrom = buckets.axisFrom();
		long axisTo = buckets.axisTo();
		long[] counts = buckets.counts();
		long shown = LongStream.of(counts).sum();
		long highest = Math.max(1, LongStream.of(counts).max().orElse(0));
		long countStep = niceStep(highest / 4.0);
		double axisCount = Math.ceil((double) highest / countStep) * countStep;

		String title = "%s: %d requests, p50 %d ms%s".formatted(scenario, total, latencies.getValueAtPercentile(50),
				predictedMs.isPresent() ? format(", predicted %.1f ms", predictedMs.getAsDouble()) : "");
		if (shown < total) {
			title += format(" (%d outside %d..%d ms not shown)", total - shown, axisFrom, axisTo - 1);
		}
		text(svg, LEFT, TOP - 22, "start", "font-size=\"13\" font-weight=\"bold\"", title);

		for (long count = 0; count <= axisCount; count += countStep) {
			double y = y(count, axisCount);
			line(svg, LEFT, y, LEFT + PLOT_WIDTH, y, "stroke=\"#e4e4e4\"");
			text(svg, LEFT - 6, y + 4, "end", "", Long.toString(count));
		}
		long msStep = niceStep((axisTo - axisFrom) / 8.0);
		for (long ms = (axisFrom + msStep - 1) / msStep * msStep; ms <= axisTo; ms += msStep) {
			double x = x(ms, axisFrom, axisTo);
			line(svg, x, TOP + PLOT_HEIGHT, x, TOP + PLOT_HEIGHT + 4, "stroke=\"#444\"");
			text(svg, x, TOP + PLOT_HEIGHT + 16, "middle", "", Long.toString(ms));
		}

		double barWidth = (double) PLOT_WIDTH / counts.length;
		double gap = (barWidth > 3) ? 1 : 0;
		int bucketMs = buckets.bucketMs();
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] == 0) {
				continue;
			}
			long bucketFrom = axisFrom + (long) i * bucketMs;
			double top = y(counts[i], axisCount);
			String range = (bucketMs == 1) ? bucketFrom + " ms"
					: bucketFrom + " to " + (bucketFrom + bucketMs - 1) + " ms";
			svg.append(format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a78b0\">",
					x(bucketFrom, axisFrom, axisTo), top, barWidth - gap, TOP + PLOT_HEIGHT - top))
				.append("<title>").append(Table.escapeHtml(range + ": " + counts[i] + " requests")).append("</title></rect>\n");
		}

		line(svg, LEFT, TOP, LEFT, TOP + PLOT_HEIGHT, "stroke=\"#444\"");
		line(svg, LEFT, TOP + PLOT_HEIGHT, LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT, "stroke=\"#444\"");
		text(svg, LEFT + PLOT_WIDTH / 2.0, HEIGHT - 8, "middle", "", "response time (ms)");
		text(svg, 14, TOP + PLOT_HEIGHT / 2.0, "middle",
				format("transform=\"rotate(-90 14 %.1f)\"", TOP + PLOT_HEIGHT / 2.0), "requests");

		if (predictedMs.isPresent()) {
			double x = x(predictedMs.getAsDouble(), axisFrom, axisTo);
			svg.append(format("<line class=\"predicted\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\" "
					+ "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n", x, TOP - 15, x, TOP + PLOT_HEIGHT));
			boolean labelLeft = x > LEFT + PLOT_WIDTH * 0.75;
			text(svg, x + (labelLeft ? -4 : 4), TOP - 5, labelLeft ? "end" : "start", "fill=\"#c00\"",
					format("predicted %.1f ms", predictedMs.getAsDouble()));
		}
		return svg.append("</svg>\n").toString();
	}

	/**
	 * Requests per bucket of {@code bucketMs}, from {@code axisFrom}: a little below the 0.1th percentile
	 * to the 99.9th, both stretched to include the prediction, in about {@link #TARGET_BUCKETS} buckets.
	 */
	private record Buckets(long axisFrom, int bucketMs, long[] counts) {

		static Buckets of(Histogram latencies, OptionalDouble predictedMs) {
			long low = latencies.getValueAtPercentile(0.1);
			long high = latencies.getValueAtPercentile(99.9);
			if (predictedMs.isPresent()) {
				low = Math.min(low, (long) Math.floor(predictedMs.getAsDouble()));
				high = Math.max(high, (long) Math.ceil(predictedMs.getAsDouble()));
			}
			long from = Math.max(0, low - Math.max(2, Math.round((high - low) * MARGIN)));
			int bucketMs = (int) Math.max(1, Math.ceil((high + 1 - from) / (double) TARGET_BUCKETS));
			long first = from / bucketMs;
			long[] counts = new long[(int) (high / bucketMs - first) + 1];
			long index = 0;
			for (HistogramIterationValue step : latencies.linearBucketValues(bucketMs)) {
				if (index >= first + counts.length) {
					break;
				}
				if (index >= first) {
					counts[(int) (index - first)] = step.getCountAddedInThisIterationStep();
				}
				index++;
			}
			return new Buckets(first * bucketMs, bucketMs, counts);
		}

		/** The end of the last bucket, exclusive. */
		long axisTo() {
			return this.axisFrom + (long) this.counts.length * this.bucketMs;
		}

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

	private static double x(double ms, long axisFrom, long axisTo) {
		return LEFT + (ms - axisFrom) / (axisTo - axisFrom) * PLOT_WIDTH;
	}

	private static double y(double count, double axisCount) {
		return TOP + PLOT_HEIGHT - count / axisCount * PLOT_HEIGHT;
	}

	private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String attributes) {
		svg.append(format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, attributes));
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
		svg.append(format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor,
				attributes.isEmpty() ? "" : " " + attributes))
			.append(Table.escapeHtml(text))
			.append("</text>\n");
	}

	private static String format(String pattern, Object... args) {
		return String.format(Locale.ROOT, pattern, args);
	}

}
