package io.keepalivelab.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
