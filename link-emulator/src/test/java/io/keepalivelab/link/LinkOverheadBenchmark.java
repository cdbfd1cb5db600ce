package io.keepalivelab.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import org.HdrHistogram.Histogram;

/**
 * What a link costs on top of the network it emulates: sequential request/response round trips on one
 * kept-alive connection to an echo server, direct and through links of 0 and 0.5 ms, interleaved in
 * rounds so that the machine's drift hits every mode alike. A benchmark, not a test: its figures are
 * for reading, compared as differences and ratios within one run.
 * <p>
 * The build runs it briefly as a check that it still runs ({@code LinkOverheadBenchmarkTests}); for figures
 * worth reading, run it full size: {@code ./mvnw -o -q test -pl link-emulator -am
 * -Dtest=LinkOverheadBenchmarkTests -Dsurefire.failIfNoSpecifiedTests=false -Dlink.benchmark.iterations=2000
 * -Dlink.benchmark.rounds=3}.
 */
public final class LinkOverheadBenchmark {

	static final String DIRECT = "direct";

	static final String ZERO = "link 0 ms";

	static final String HALF_MILLI = "link 0.5 ms";

	private static final int MESSAGE_BYTES = 100;

	/** Round-trip times per mode, in nanoseconds, and the process CPU time each mode used. */
	record Result(Map<String, Histogram> latencies, Map<String, Long> cpuNanos, int iterations, int rounds) {
	}

	private LinkOverheadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int iterations = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		System.out.print(report(run(iterations, rounds)));
	}

	/** {@code rounds} rounds of {@code iterations} round trips per mode, after one warm-up round. */
	static Result run(int iterations, int rounds) throws IOException {
		try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				Link zero = Link.start(LinkConfig.loopback("zero", echo.getLocalPort(), Duration.ZERO));
				Link halfMilli = Link.start(LinkConfig.loopback("half-ms", echo.getLocalPort(), Duration.ofNanos(500_000)))) {
			Thread server = new Thread(() -> serveEcho(echo), "echo");
			server.setDaemon(true);
			server.start();
			Map<String, Integer> ports = new LinkedHashMap<>();
			ports.put(DIRECT, echo.getLocalPort());
			ports.put(ZERO, zero.port());
			ports.put(HALF_MILLI, halfMilli.port());
			Map<String, Histogram> results = new LinkedHashMap<>();
			Map<String, Long> cpuNanos = new LinkedHashMap<>();
			ports.forEach((mode, port) -> results.put(mode, new Histogram(3)));

			for (int round = 0; round <= rounds; round++) {
				for (Map.Entry<String, Integer> mode : ports.entrySet()) {
					Histogram histogram = (round == 0) ? new Histogram(3) : results.get(mode.getKey());
					long cpuBefore = processCpuNanos();
					roundTrips(mode.getValue(), iterations, histogram);
					if (round > 0) {
						cpuNanos.merge(mode.getKey(), processCpuNanos() - cpuBefore, Long::sum);
					}
				}
			}
			return new Result(results, cpuNanos, iterations, rounds);
		}
	}

	private static void roundTrips(int port, int iterations, Histogram histogram) throws IOException {
		byte[] message = new byte[MESSAGE_BYTES];
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			roundTrip(out, in, message);
			for (int i = 0; i < iterations; i++) {
				long start = System.nanoTime();
				roundTrip(out, in, message);
				histogram.recordValue(System.nanoTime() - start);
			}
		}
	}

	private static void roundTrip(OutputStream out, InputStream in, byte[] message) throws IOException {
		out.write(message);
		if (in.readNBytes(message, 0, message.length) != message.length) {
			throw new IOException("echo server closed the connection");
		}
	}

	private static void serveEcho(ServerSocket echo) {
		while (true) {
			try {
				Socket socket = echo.accept();
				socket.setTcpNoDelay(true);
				Thread connection = new Thread(() -> {
					try (socket) {
						socket.getInputStream().transferTo(socket.getOutputStream());
					}
					catch (IOException ex) {
						// the client went away
					}
				});
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static long processCpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static String report(Result result) {
		Map<String, Histogram> results = result.latencies();
		StringBuilder out = new StringBuilder();
		out.append(String.format("%d rounds x %d sequential round trips of %d bytes per mode, after one warm-up round%n",
				result.rounds(), result.iterations(), MESSAGE_BYTES));
		out.append(String.format("%-12s %10s %10s %10s %18s%n", "mode", "p50 us", "p90 us", "p99 us", "CPU us/round trip"));
		results.forEach((mode, histogram) -> out.append(String.format("%-12s %10.1f %10.1f %10.1f %18.1f%n", mode,
				micros(histogram, 50), micros(histogram, 90), micros(histogram, 99),
				result.cpuNanos().get(mode) / 1000.0 / histogram.getTotalCount())));
		double direct = micros(results.get(DIRECT), 50);
		double zero = micros(results.get(ZERO), 50);
		double halfMilli = micros(results.get(HALF_MILLI), 50);
		out.append(String.format("link 0 ms adds %.1f us at p50 (ratio %.2f to direct)%n", zero - direct, zero / direct));
		out.append(String.format("link 0.5 ms: p50 %.1f us = 1000 us of emulated delay + %.1f us (%.1f us over the 0 ms link)%n",
				halfMilli, halfMilli - 1000, halfMilli - 1000 - zero));
		return out.toString();
	}

	private static double micros(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

}
