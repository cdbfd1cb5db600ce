package io.keepalivelab.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server on plain sockets, one thread per connection, that does with each request what its
 * {@link Script} says: answer (keeping the connection or closing it), close without answering, reset, hang, or
 * write bytes that are no HTTP, each at once or after a delay. For servers misbehaving in ways no real server
 * can be configured to, such as a pooled connection that dies exactly when it is reused. It counts the
 * connections it accepted and the requests it read.
 */
public final class ScriptedHttpServer implements AutoCloseable {

	private static final long NOT_IDLE = -1;

	private final Script script;

	private final Duration idleTimeout;

	private final Unanswered onIdle;

	private final ServerSocket listener;

	private final Map<Socket, Long> idleSince = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final Set<Thread> serving = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService idleChecks;

	private ScriptedHttpServer(Builder builder) throws IOException {
		this.script = builder.script;
		this.idleTimeout = builder.idleTimeout;
		this.onIdle = builder.onIdle;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.idleChecks = (builder.checkPeriod != null) ? Executors.newSingleThreadScheduledExecutor(daemon("idle-check"))
				: null;
		if (idleChecks != null) {
			long period = builder.checkPeriod.toMillis();
			idleChecks.scheduleAtFixedRate(() -> closeIdle(builder.checkedIdleTimeout), period, period,
					TimeUnit.MILLISECONDS);
		}
		daemon("scripted-server").newThread(this::accept).start();
	}

	/** A server that runs {@code script} for every request. */
	public static ScriptedHttpServer start(Script script) throws IOException {
		return with(script).start();
	}

	/** A server to configure further, such as what it does with idle connections. */
	public static Builder with(Script script) {
		return new Builder(script);
	}

	public int port() {
		return listener.getLocalPort();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/** Connections accepted so far. */
	public int connections() {
		return accepted.get();
	}

	/** Connections the client closed (a FIN where a request could start) so far. */
	public int closedByClient() {
		return closedByClient.get();
	}

	/** Requests read so far, on all connections. */
	public int requests() {
		return requests.size();
	}

	/** Requests read so far for {@code path}, as "METHOD path". */
	public List<String> requests(String path) {
		return requests.stream().filter(request -> request.endsWith(" " + path)).toList();
	}

	/** Waits until {@code count} requests have been read in all, for at most 10 seconds. */
	public void awaitRequests(int count) throws InterruptedException {
		awaitRequests(count, Duration.ofSeconds(10));
	}

	/** Waits until {@code count} requests have been read in all; fails after {@code limit}. */
	public void awaitRequests(int count, Duration limit) throws InterruptedException {
		synchronized (requests) {
			long deadline = System.nanoTime() + limit.toNanos();
			for (long left = deadline - System.nanoTime(); requests.size() < count; left = deadline - System.nanoTime()) {
				if (left <= 0) {
					throw new AssertionError("the server read " + requests.size() + " request(s), not " + count);
				}
				TimeUnit.NANOSECONDS.timedWait(requests, left);
			}
		}
	}

	/** Closes (FIN) every connection that has waited for a request longer than {@code idleTimeout}. */
	public void closeIdle(Duration idleTimeout) {
		long now = System.nanoTime();
		idleSince.forEach((connection, since) -> {
			if (since != NOT_IDLE && now - since > idleTimeout.toNanos() && idleSince.remove(connection, since)) {
				closeQuietly(connection);
			}
		});
	}

	@Override
	public void close() throws IOException {
		if (idleChecks != null) {
			idleChecks.shutdownNow();
		}
		listener.close();
		idleSince.keySet().forEach(ScriptedHttpServer::closeQuietly);
		// Wakes scripts that block or delay, so that no thread outlives the test.
		serving.forEach(Thread::interrupt);
	}

	private void accept() {
		try {
			while (true) {
				Socket connection = listener.accept();
				int number = accepted.incrementAndGet();
				idleSince.put(connection, System.nanoTime());
				Thread thread = daemon("scripted-connection-" + number).newThread(() -> serve(connection, number));
				serving.add(thread);
				thread.start();
			}
		}
		catch (IOException closed) {
			// the server is closed
		}
	}

	private void serve(Socket connection, int number) {
		try (connection) {
			if (idleTimeout != null) {
				connection.setSoTimeout(Math.toIntExact(idleTimeout.toMillis()));
			}
			InputStream in = connection.getInputStream(); // unbuffered: what is not read stays in the kernel
			OutputStream out = connection.getOutputStream();
			long lastResponse = System.nanoTime();
			for (int onConnection = 1;; onConnection++) {
				int first;
				try {
					first = in.read();
				}
				catch (SocketTimeoutException idleTooLong) {
					end(connection, onIdle);
					return;
				}
				if (first == -1) {
					closedByClient.incrementAndGet();
					return;
				}
				Duration idle = Duration.ofNanos(System.nanoTime() - lastResponse);
				idleSince.put(connection, NOT_IDLE);
				Request request = readRequest(first, in, number, onConnection, idle);
				synchronized (requests) {
					requests.add(request.method() + " " + request.path());
					requests.notifyAll();
				}
				Action action = script.next(request);
				while (action instanceof Delayed delayed) {
					Thread.sleep(delayed.delay().toMillis());
					action = delayed.then();
				}
				// Before the answer: the client's idle clock must not start before the server's.
				lastResponse = System.nanoTime();
				if (action instanceof Unanswered unanswered) {
					end(connection, unanswered);
					return;
				}
				out.write(bytes(action));
				out.flush();
				if ((action instanceof Answer answer && answer.closing()) || (action instanceof Raw raw && raw.closing())) {
					return;
				}
				idleSince.replace(connection, NOT_IDLE, System.nanoTime());
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client, the test or an idle check ended the connection
		}
		finally {
			idleSince.remove(connection);
			serving.remove(Thread.currentThread());
		}
	}

	/** Ends a connection without an answer; the caller's try-with-resources closes it. */
	private static void end(Socket connection, Unanswered how) throws IOException {
		switch (how) {
			case CLOSE -> {
				// closed with nothing unread: a FIN
			}
			case RESET -> connection.setSoLinger(true, 0);
			case HANG -> {
				connection.setSoTimeout(0);
				connection.getInputStream().transferTo(OutputStream.nullOutputStream());
			}
		}
	}

	private static byte[] bytes(Action action) {
		if (action instanceof Raw raw) {
			return raw.bytes().getBytes(StandardCharsets.ISO_8859_1);
		}
		Answer answer = (Answer) action;
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\n"
				+ "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
				+ (answer.closing() ? "Connection: close\r\n" : "") + "\r\n";
		byte[] bytes = new byte[head.length() + body.length];
		System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, head.length());
		System.arraycopy(body, 0, bytes, head.length(), body.length);
		return bytes;
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 404 -> "Not Found";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> "Status";
		};
	}

	/** Reads one request and its Content-Length body, the first byte being read already. */
	private static Request readRequest(int first, InputStream in, int connection, int onConnection, Duration idle)
			throws IOException {
		String[] requestLine = (((char) first) + readLine(in)).split(" ");
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
			int colon = header.indexOf(':');
			if (colon > 0) {
				headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
			}
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
		return new Request(connection, onConnection, requestLine[0], (requestLine.length > 1) ? requestLine[1] : "",
				headers, body, idle);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new IOException("the client closed mid-request");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static void closeQuietly(Socket connection) {
		try {
			connection.close();
		}
		catch (IOException alreadyGone) {
			// nothing to do
		}
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** What the server does with each request it reads. */
	@FunctionalInterface
	public interface Script {

		/** May block, for instance until the test lets the server answer. */
		Action next(Request request) throws InterruptedException;
	}

	/**
	 * One request as the server read it.
	 * @param connection 1 for the first connection the server accepted
	 * @param onConnection 1 for the first request a connection carries
	 * @param headers names in lower case
	 * @param idle how long the connection waited for this request since the last answer (or since it opened)
	 */
	public record Request(int connection, int onConnection, String method, String path, Map<String, String> headers,
			String body, Duration idle) {
	}

	/** What to do with one request. */
	public sealed interface Action permits Answer, Unanswered, Raw, Delayed {

		/** 200 with the body "ok", keeping the connection open. */
		static Answer answer() {
			return answer(200, "ok");
		}

		static Answer answer(int status, String body) {
			return new Answer(status, body, false);
		}

		/** Closes the connection without answering (FIN). */
		static Action close() {
			return Unanswered.CLOSE;
		}

		/** Resets the connection without answering (RST). */
		static Action reset() {
			return Unanswered.RESET;
		}

		/** Never answers, and keeps the connection open until the client closes it. */
		static Action hang() {
			return Unanswered.HANG;
		}

		/** Writes {@code bytes} (ISO-8859-1) as they are, for responses that break HTTP; keeps the connection. */
		static Raw raw(String bytes) {
			return new Raw(bytes, false);
		}

		/** This action, {@code delay} after the request arrived. */
		default Action after(Duration delay) {
			return new Delayed(delay, this);
		}
	}

	/** A text/plain answer with a Content-Length, after which the connection stays open unless closing. */
	public record Answer(int status, String body, boolean closing) implements Action {

		/** This answer with "Connection: close", then a FIN. */
		public Answer thenClose() {
			return new Answer(status, body, true);
		}
	}

	/** How a connection ends without an answer, for a request or after an idle timeout. */
	public enum Unanswered implements Action {

		/** Close: a FIN, or a RST if the client had sent more than the server read (pipelined requests). */
		CLOSE,

		/** Reset: a RST. */
		RESET,

		/** Neither answer nor close: read and drop whatever comes until the client closes. */
		HANG
	}

	/** Bytes written as they are, after which the connection stays open unless closing. */
	public record Raw(String bytes, boolean closing) implements Action {

		/** These bytes, then a FIN: a response cut short, for instance. */
		public Raw thenClose() {
			return new Raw(bytes, true);
		}
	}

	/** An action taken after a delay. */
	public record Delayed(Duration delay, Action then) implements Action {
	}

	/** A server with more than a script. */
	public static final class Builder {

		private final Script script;

		private Duration idleTimeout;

		private Unanswered onIdle;

		private Duration checkedIdleTimeout;

		private Duration checkPeriod;

		private Builder(Script script) {
			this.script = script;
		}

		/** A connection that waits longer than {@code timeout} for its next request ends as {@code then} says. */
		public Builder idleTimeout(Duration timeout, Unanswered then) {
			this.idleTimeout = timeout;
			this.onIdle = then;
			return this;
		}

		/**
		 * Every {@code period}, closes the connections idle longer than {@code timeout}, as a server does whose
		 * timer, not the clients' traffic, enforces the idle timeout: a connection serves requests until the check.
		 */
		public Builder idleCheck(Duration timeout, Duration period) {
			this.checkedIdleTimeout = timeout;
			this.checkPeriod = period;
			return this;
		}

		public ScriptedHttpServer start() throws IOException {
			return new ScriptedHttpServer(this);
		}
	}
}
