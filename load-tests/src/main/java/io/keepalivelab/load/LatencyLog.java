package io.keepalivelab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The {@code latency.hlog} of one scenario: an HdrHistogram log of response times in milliseconds.
 * Keeping the writer and the reader together keeps the format in one place.
 */
public final class LatencyLog {

	public static final String FILE_NAME = "latency.hlog";

	/**
	 * The same measured requests grouped by how many connections their internal hops opened, as the chain's
	 * answer says ({@code newConnections}): one tagged interval per group, tag {@code new=N}.
	 */
	public static final String BY_NEW_CONNECTIONS_FILE_NAME = "latency-by-new-connections.hlog";

	private static final String NEW_CONNECTIONS_TAG = "new=";

	private LatencyLog() {
	}

	/** Writes one interval, {@code startEpochMillis} plus {@code elapsedSeconds}, holding all of {@code histogram}. */
	public static void write(Path file, Histogram histogram, long startEpochMillis, double elapsedSeconds) {
		try {
			HistogramLogWriter writer = new HistogramLogWriter(file.toFile());
			try {
				writer.outputComment("Response times of measured requests, in milliseconds");
				writer.outputLogFormatVersion();
				writer.outputStartTime(startEpochMillis);
				writer.setBaseTime(startEpochMillis);
				writer.outputLegend();
				writer.outputIntervalHistogram(0, elapsedSeconds, histogram, 1.0);
			}
			finally {
				writer.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes one tagged interval per number of new connections, as {@link #readByNewConnections} reads them. */
	public static void writeByNewConnections(Path file, Map<Integer, Histogram> byNewConnections,
			long startEpochMillis, double elapsedSeconds) {
		try {
			HistogramLogWriter writer = new HistogramLogWriter(file.toFile());
			try {
				writer.outputComment("Response times of measured requests, in milliseconds, by the number of "
						+ "connections their internal hops opened");
				writer.outputLogFormatVersion();
				writer.outputStartTime(startEpochMillis);
				writer.setBaseTime(startEpochMillis);
				writer.outputLegend();
				for (Map.Entry<Integer, Histogram> group : new TreeMap<>(byNewConnections).entrySet()) {
					Histogram histogram = group.getValue().copy();
					histogram.setTag(NEW_CONNECTIONS_TAG + group.getKey());
					writer.outputIntervalHistogram(0, elapsedSeconds, histogram, 1.0);
				}
			}
			finally {
				writer.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The groups of {@link #writeByNewConnections}, by number of new connections, in ascending order. */
	public static SortedMap<Integer, Histogram> readByNewConnections(Path file) {
		SortedMap<Integer, Histogram> groups = new TreeMap<>();
		try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
			EncodableHistogram interval;
			while ((interval = reader.nextIntervalHistogram()) != null) {
				String tag = interval.getTag();
				if (!(interval instanceof Histogram histogram) || tag == null || !tag.matches(NEW_CONNECTIONS_TAG + "\\d{1,4}")) {
					throw new IllegalArgumentException(file + " holds an interval tagged '" + tag
							+ "', expected integer histograms tagged " + NEW_CONNECTIONS_TAG + "N");
				}
				groups.computeIfAbsent(Integer.parseInt(tag.substring(NEW_CONNECTIONS_TAG.length())),
						(count) -> new Histogram(3)).add(histogram);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return groups;
	}

	/** Reads every interval of the log into one histogram. */
	public static Histogram read(Path file) {
		Histogram total = new Histogram(3);
		try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
			EncodableHistogram interval;
			while ((interval = reader.nextIntervalHistogram()) != null) {
				if (!(interval instanceof Histogram histogram)) {
					throw new IllegalArgumentException(file + " holds a " + interval.getClass().getSimpleName()
							+ ", expected integer histograms");
				}
				total.add(histogram);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return total;
	}

}
