package io.keepalivelab.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * The load of {@code ./demo.sh --overhead}, the same for nginx and the lab so that their figures compare: plain
 * HTTP/1.1 GETs on raw loopback sockets, each sender on its own kept-alive connection, the next request sent when
 * the last response has been read. It opens a new connection only when the server closes one (Tomcat after a
 * connection's 100th request) or a request fails. It parses no more of a response than it must to find its end:
 * the status, {@code Content-Length} or chunked encoding, and {@code Connection: close}.
 */
final class LoadDriver {

	private LoadDriver() {
	}

	/** A target: {@code path} on 127.0.0.1:{@code port}. */
	record Target(int port, String path) {

		byte[] request() {
			return ("GET " + this.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nAccept: */*\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
		}

	}

	/** Sequential requests at one in flight: round-trip times in nanoseconds, failures and connections opened. */
	record Latency(Histogram nanos, long failures, long connections) {

		double p50Ms() {
			return millis(50);
		}

		double p99Ms() {
			return millis(99);
		}

		long requests() {
			return this.nanos.getTotalCount();
		}

		private double millis(double percentile) {
			return this.nanos.getValueAtPercentile(percentile) / 1e6;
		}

	}

	/** Requests answered by {@code inFlight} senders within {@code seconds}, failures and connections opened. */
	record Throughput(int inFlight, long requests, double seconds, long failures, long connections) {

		double requestsPerSecond() {
			return this.requests / this.seconds;
		}

	}

	/** One response as a test reads it: status, headers (names in lower case), body. */
	record Response(int status, Map<String, String> headers, String body) {
	}

	/** {@code requests} requests at {@code inFlight} senders, unmeasured; returns the failures. */
	static long warmUp(Target target, int inFlight, int requests) {
		AtomicLong left = new AtomicLong(requests);
		AtomicLong failures = new AtomicLong();
		AtomicLong connections = new AtomicLong();
		parallel(inFlight, () -> {
			try (Connection connection = new Connection(target, connections)) {
				while (left.getAndDecrement() > 0) {
					if (!connection.exchange()) {
						failures.incrementAndGet();
					}
				}
			}
		});
		return failures.get();
	}

	/** {@code requests} sequential requests on one kept-alive connection, after {@code warmUp} unmeasured ones. */
	static Latency latency(Target target, int warmUp, int requests) {
		return interleavedLatency(List.of(target), warmUp, requests).get(0);
	}

	/**
	 * {@code requests} sequential requests to each target, one kept-alive connection per target, taken in turns: a
	 * round sends one request to every target, starting one target further each round. Each target's figure then
	 * meets the same state of the machine (caches, CPU wake-ups, the other processes' timers) as the others', so
	 * their differences are the paths' own; measured one after another, the machine's state drifts between them.
	 *
	 * @return one figure per target, in the targets' order
	 */
	static List<Latency> interleavedLatency(List<Target> targets, int warmUp, int requests) {
		int count = targets.size();
		List<Histogram> histograms = new ArrayList<>();
		List<AtomicLong> connections = new ArrayList<>();
		long[] failures = new long[count];
		List<Connection> open = new ArrayList<>();
		try {
			for (Target target : targets) {
				histograms.add(new Histogram(3));
				AtomicLong opened = new AtomicLong();
				connections.add(opened);
				open.add(new Connection(target, opened));
			}
			for (int i = 0; i < warmUp; i++) {
				for (Connection connection : open) {
					connection.exchange();
				}
			}
			connections.forEach((opened) -> opened.set(0));
			for (int round = 0; round < requests; round++) {
				for (int turn = 0; turn < count; turn++) {
					int index = (round + turn) % count;
					long start = System.nanoTime();
					boolean ok = open.get(index).exchange();
					long took = System.nanoTime() - start;
					if (ok) {
						histograms.get(index).recordValue(took);
					}
					else {
						failures[index]++;
					}
				}
			}
		}
		finally {
			open.forEach(Connection::close);
		}
		List<Latency> figures = new ArrayList<>();
		for (int index = 0; index < count; index++) {
			figures.add(new Latency(histograms.get(index), failures[index], connections.get(index).get()));
		}
		return figures;
	}

	/** {@code inFlight} senders for {@code seconds}: the requests answered in that time. */
	static Throughput throughput(Target target, int inFlight, double seconds) {
		AtomicLong answered = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		AtomicLong connections = new AtomicLong();
		CountDownLatch connected = new CountDownLatch(inFlight);
		CountDownLatch go = new CountDownLatch(1);
		AtomicLong end = new AtomicLong();
		long[] started = new long[1];
		List<Thread> senders = new ArrayList<>();
		AtomicReference<RuntimeException> error = new AtomicReference<>();
		for (int i = 0; i < inFlight; i++) {
			Thread sender = new Thread(() -> {
				try (Connection connection = new Connection(target, connections)) {
					connection.connect();
					connected.countDown();
					go.await();
					long deadline = end.get();
					long ok = 0;
					long failed = 0;
					while (System.nanoTime() < deadline) {
						if (connection.exchange()) {
							ok++;
						}
						else {
							failed++;
						}
					}
					answered.addAndGet(ok);
					failures.addAndGet(failed);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (RuntimeException ex) {
					error.compareAndSet(null, ex);
					connected.countDown();
				}
			}, "load-" + i);
			sender.setDaemon(true);
			senders.add(sender);
			sender.start();
		}
		try {
			connected.await();
			started[0] = System.nanoTime();
			end.set(started[0] + (long) (seconds * 1e9));
			long opened = connections.get();
			go.countDown();
			for (Thread sender : senders) {
				sender.join();
			}
			if (error.get() != null) {
				throw error.get();
			}
			double took = (System.nanoTime() - started[0]) / 1e9;
			return new Throughput(inFlight, answered.get(), took, failures.get(), connections.get() - opened);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			senders.forEach(Thread::interrupt);
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** One request on a new connection, read whole: what a test checks a response with. */
	static Response get(Target target) {
		try (Connection connection = new Connection(target, new AtomicLong())) {
			return connection.read();
		}
	}

	/** {@code count} requests on one connection, read whole. */
	static List<Response> get(Target target, int count) {
		List<Response> responses = new ArrayList<>();
		try (Connection connection = new Connection(target, new AtomicLong())) {
			for (int i = 0; i < count; i++) {
				responses.add(connection.read());
			}
		}
		return responses;
	}

	private static void parallel(int senders, Runnable work) {
		List<Thread> threads = new ArrayList<>();
		AtomicReference<RuntimeException> error = new AtomicReference<>();
		for (int i = 0; i < senders; i++) {
			Thread thread = new Thread(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					error.compareAndSet(null, ex);
				}
			}, "load-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		try {
			for (Thread thread : threads) {
				thread.join();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			threads.forEach(Thread::interrupt);
			throw new IllegalStateException("interrupted", ex);
		}
		if (error.get() != null) {
			throw error.get();
		}
	}

	/**
	 * A kept-alive connection that reconnects when the server closed it. A request that fails on a connection
	 * that had served others is sent once more on a new one (the server may have closed it while idle); a
	 * request that fails on a new connection is a failure, and a target that refuses connections an error.
	 */
	static final class Connection implements AutoCloseable {

		private static final int MAX_HEADER_BYTES = 16 * 1024;

		private final Target target;

		private final byte[] request;

		private final AtomicLong opened;

		private final byte[] buffer = new byte[64 * 1024];

		private int position;

		private int limit;

		private Socket socket;

		private InputStream in;

		private OutputStream out;

		private int served;

		Connection(Target target, AtomicLong opened) {
			this.target = target;
			this.request = target.request();
			this.opened = opened;
		}

		/** Opens the connection now rather than with the first request. */
		void connect() {
			if (this.socket == null) {
				try {
					open();
				}
				catch (IOException ex) {
					closeSocket();
					throw new UncheckedIOException("cannot connect to 127.0.0.1:" + this.target.port(), ex);
				}
			}
		}

		/** One request; whether it was answered with a 200. */
		boolean exchange() {
			Response response = send(false);
			return response != null && response.status() == 200;
		}

		/** One request, its response read whole; fails when it cannot be sent or read. */
		Response read() {
			Response response = send(true);
			if (response == null) {
				throw new UncheckedIOException(new IOException("no response from 127.0.0.1:" + this.target.port()
						+ this.target.path()));
			}
			return response;
		}

		private Response send(boolean keep) {
			for (int attempt = 0; attempt < 2; attempt++) {
				boolean fresh = this.socket == null;
				try {
					if (fresh) {
						open();
					}
					this.out.write(this.request);
					Response response = receive(keep);
					this.served++;
					return response;
				}
				catch (IOException ex) {
					boolean wasFresh = fresh || this.served == 0;
					closeSocket();
					if (wasFresh) {
						return null;
					}
				}
			}
			return null;
		}

		private void open() throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), this.target.port());
			this.socket.setTcpNoDelay(true);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
			this.position = 0;
			this.limit = 0;
			this.served = 0;
			this.opened.incrementAndGet();
		}

		private Response receive(boolean keep) throws IOException {
			String statusLine = line();
			if (!statusLine.startsWith("HTTP/1.")) {
				throw new IOException("not an HTTP/1.x response: " + statusLine);
			}
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = statusLine.startsWith("HTTP/1.0");
			Map<String, String> headers = keep ? new LinkedHashMap<>() : null;
			for (String header = line(); !header.isEmpty(); header = line()) {
				int colon = header.indexOf(':');
				if (colon < 0) {
					continue;
				}
				String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> length = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
					case "connection" -> close = value.equalsIgnoreCase("close");
					default -> {
					}
				}
				if (headers != null) {
					headers.merge(name, value, (a, b) -> a + ", " + b);
				}
			}
			StringBuilder body = keep ? new StringBuilder() : null;
			if (chunked) {
				for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long
					.parseLong(line().split(";")[0].trim(), 16)) {
					skip(size, body);
					line();
				}
				while (!line().isEmpty()) {
					// trailers
				}
			}
			else if (length >= 0) {
				skip(length, body);
			}
			else {
				close = true;
				skip(Long.MAX_VALUE, body);
			}
			if (close) {
				closeSocket();
			}
			return new Response(status, (headers != null) ? headers : Map.of(), (body != null) ? body.toString() : "");
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			while (true) {
				if (this.position == this.limit && !fill()) {
					throw new IOException("connection closed in a response's head");
				}
				byte b = this.buffer[this.position++];
				if (b == '\n') {
					int end = line.length();
					if (end > 0 && line.charAt(end - 1) == '\r') {
						line.setLength(end - 1);
					}
					return line.toString();
				}
				line.append((char) (b & 0xff));
				if (line.length() > MAX_HEADER_BYTES) {
					throw new IOException("response head too long");
				}
			}
		}

		private void skip(long count, StringBuilder body) throws IOException {
			long left = count;
			while (left > 0) {
				if (this.position == this.limit && !fill()) {
					if (count == Long.MAX_VALUE) {
						return;
					}
					throw new IOException("connection closed in a response's body");
				}
				int n = (int) Math.min(left, this.limit - this.position);
				if (body != null) {
					body.append(new String(this.buffer, this.position, n, StandardCharsets.UTF_8));
				}
				this.position += n;
				left -= n;
			}
		}

		private boolean fill() throws IOException {
			int n = this.in.read(this.buffer);
			if (n <= 0) {
				return false;
			}
			this.position = 0;
			this.limit = n;
			return true;
		}

		private void closeSocket() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ignored) {
					// closing anyway
				}
			}
			this.socket = null;
			this.in = null;
			this.out = null;
		}

		@Override
		public void close() {
			closeSocket();
		}

	}

}
