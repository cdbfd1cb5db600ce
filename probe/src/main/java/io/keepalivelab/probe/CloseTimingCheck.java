package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.keepalivelab.probe.HttpConnection.Close;

/**
 * Whether a server times each idle connection out on its own clock or closes idle connections in periodic checks,
 * and for the latter a bracket of the timeout that does not depend on when the checks fall.
 * <p>
 * The idle search starts the connections of a round together. A server that checks its idle connections
 * periodically, as Tomcat's NIO connector does about once a second, closes them all at the first check after the
 * timeout and until then still serves a request on a connection idle past it: the search sees a sharp cut-off at
 * the check instead of the timeout (Tomcat with a 2.5 s keep-alive timeout looked like 2.9 to 3 s). Here connections
 * start one after another, {@code stagger} apart across a window at least as long as such a period, and listen until
 * the server closes them. A check closes the connections idle longer than the timeout at the same instant, each
 * after a different idle time, and leaves the others open: the youngest closed and the oldest left open bracket the
 * timeout within one stagger, wherever the check falls. A server with a clock per connection closes them one by
 * one, each after the same idle time; the search's narrower bracket then stands.
 */
// Reference: https://github.com/apache/tomcat/blob/main/java/org/apache/tomcat/util/net/NioEndpoint.java
// (Poller.timeout: idle connections are looked at when the poller wakes, at most about once a second)
final class CloseTimingCheck {

	/** Tomcat's poller checks timeouts about once a second: the first window holds at least one check. */
	private static final Duration FIRST_WINDOW = Duration.ofSeconds(1);

	/**
	 * Rounds until the bracket is as narrow as --precision, at most: a connection that a busy machine started late
	 * leaves a gap, and a window that saw its connections close all at once was shorter than the period (doubled).
	 */
	private static final int MAX_ROUNDS = 3;

	private static final int MAX_CONNECTIONS = 17;

	/** The stagger is at most this share of --precision, so that a bracket of two staggers plus jitter fits it. */
	private static final int STAGGERS_PER_PRECISION = 3;

	private final Connector connector;

	private final String request;

	private final Probe.Settings settings;

	private final Budget budget;

	private final Consumer<String> progress;

	private int connections;

	CloseTimingCheck(Connector connector, Target target, Probe.Settings settings, Budget budget,
			Consumer<String> progress) {
		this.connector = connector;
		this.request = target.get("HTTP/1.1");
		this.settings = settings;
		this.budget = budget;
		this.progress = progress;
	}

	/**
	 * What the check found; null fields when it could not tell.
	 * @param periodic several connections closed at one instant after different idle times (true), or connections
	 * closed one by one after the same idle time (false)
	 * @param openSeconds the longest idle of a connection still open at an instant the server closed another one:
	 * the timeout is at least that
	 * @param closedSeconds the shortest idle after which a connection was closed
	 */
	record Result(Boolean periodic, Double openSeconds, Double closedSeconds, int connections, double stagger) {
	}

	/**
	 * @param closedSeconds the shortest idle after which the search saw a connection closed: every connection here
	 * listens that long plus the window
	 */
	Result run(double closedSeconds) throws IOException, InterruptedException {
		Boolean periodic = null;
		Double open = null;
		Double closed = null;
		double stagger = 0;
		Duration window = FIRST_WINDOW;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			Duration listen = Duration.ofNanos((long) (closedSeconds * 1e9)).plus(window);
			if (listen.compareTo(this.settings.maxIdle()) > 0) {
				listen = this.settings.maxIdle();
			}
			if (!this.budget.allows(window.plus(listen).plus(this.settings.timeout().multipliedBy(2)))) {
				this.progress.accept("close timing: a round of " + TextReport.seconds(seconds(window.plus(listen)))
						+ " does not fit --max-time: not checked");
				break;
			}
			Result result = round(window, listen);
			if (result.closedSeconds() == null) {
				break;
			}
			// every round's bounds hold: the narrowest of them, and periodic once any round saw a check
			stagger = Math.max(stagger, result.stagger());
			periodic = Boolean.TRUE.equals(periodic) || Boolean.TRUE.equals(result.periodic()) ? Boolean.TRUE
					: (result.periodic() != null) ? result.periodic() : periodic;
			closed = (closed == null) ? result.closedSeconds() : Math.min(closed, result.closedSeconds());
			if (result.openSeconds() != null) {
				open = (open == null) ? result.openSeconds() : Math.max(open, result.openSeconds());
			}
			if (Boolean.FALSE.equals(periodic)
					|| (open != null && closed - open <= seconds(this.settings.precision()))) {
				break;
			}
			if (result.openSeconds() == null) { // all closed at one check: the window was shorter than its period
				window = window.multipliedBy(2);
			}
		}
		return new Result(periodic, open, closed, this.connections, stagger);
	}

	private Result round(Duration window, Duration listen) throws IOException, InterruptedException {
		double precision = seconds(this.settings.precision());
		int count = (int) Math.min(MAX_CONNECTIONS, Math.ceil(seconds(window) * STAGGERS_PER_PRECISION / precision) + 1);
		long staggerNanos = window.toNanos() / (count - 1);
		this.progress.accept("close timing: " + count + " connections, one every " + TextReport.seconds(staggerNanos / 1e9)
				+ ", each listening up to " + TextReport.seconds(seconds(listen)) + " idle");
		List<Listener> listeners = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			listeners.add(new Listener(start + i * staggerNanos, listen));
		}
		// every connection listens until the server closes it or for `listen`: a periodic check shows as several
		// closes at one instant, and the connections it left open close at a later check
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			listeners.forEach((listener) -> threads.execute(listener::run));
			threads.shutdown();
			Duration longest = window.plus(listen).plus(this.settings.timeout().multipliedBy(2));
			if (!threads.awaitTermination(longest.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
				throw new IOException("close timing: connections still busy after " + TextReport.seconds(seconds(longest)));
			}
		}
		finally {
			listeners.forEach(Listener::stop);
			threads.shutdownNow();
		}
		for (Listener listener : listeners) {
			if (listener.failure != null) {
				throw listener.failure;
			}
		}
		Result result = analyse(listeners, window, staggerNanos);
		this.progress.accept("close timing: " + describe(result));
		return result;
	}

	/**
	 * Two connections started one after the other and both closed tell the server's kind by which differs less: their
	 * close instants (closed by the same check) or their idle times (each on its own clock, a stagger apart); the
	 * majority of such pairs decides, so that a close seen late on a busy machine does not. The lower bound comes from
	 * the checks: closes less than a quarter of the window apart count as one check, and a connection still open
	 * after it had idled, at the check's first close, for no longer than the timeout.
	 */
	private Result analyse(List<Listener> listeners, Duration window, long staggerNanos) {
		List<Listener> started = listeners.stream().filter((listener) -> listener.idleSince != 0).toList();
		List<Listener> closed = started.stream().filter((listener) -> listener.closedAt != 0).toList();
		this.connections += started.size();
		if (closed.isEmpty()) {
			return new Result(null, null, null, this.connections, staggerNanos / 1e9);
		}
		double closedSeconds = closed.stream().mapToDouble(Listener::closedAfter).min().orElseThrow();
		int sameInstant = 0;
		int sameIdle = 0;
		for (int i = 1; i < closed.size(); i++) {
			long instants = Math.abs(closed.get(i).closedAt - closed.get(i - 1).closedAt);
			double idles = Math.abs(closed.get(i).closedAfter() - closed.get(i - 1).closedAfter()) * 1e9;
			if (instants < idles) {
				sameInstant++;
			}
			else if (idles < instants) {
				sameIdle++;
			}
		}
		Boolean periodic = (sameInstant > sameIdle) ? Boolean.TRUE : (sameIdle > sameInstant) ? Boolean.FALSE : null;
		List<Listener> byInstant = closed.stream()
			.sorted(Comparator.comparingLong((Listener listener) -> listener.closedAt))
			.toList();
		long oneCheck = window.toNanos() / 4;
		Double openSeconds = null;
		for (int first = 0, last; first < byInstant.size(); first = last + 1) {
			for (last = first; last + 1 < byInstant.size()
					&& byInstant.get(last + 1).closedAt - byInstant.get(last).closedAt <= oneCheck; last++) {
			}
			long checkAt = byInstant.get(first).closedAt;
			long checkEnd = byInstant.get(last).closedAt;
			for (Listener other : started) {
				long otherEnd = (other.closedAt != 0) ? other.closedAt : other.openUntil;
				if (other.idleSince < checkAt && otherEnd > checkEnd) {
					double open = (checkAt - other.idleSince) / 1e9;
					openSeconds = (openSeconds == null) ? open : Math.max(openSeconds, open);
				}
			}
		}
		return new Result(periodic, (openSeconds != null) ? ProbeReport.round(openSeconds) : null,
				ProbeReport.round(closedSeconds), this.connections, staggerNanos / 1e9);
	}

	private static String describe(Result result) {
		if (result.closedSeconds() == null) {
			return "no connection closed while listening";
		}
		String kind = (result.periodic() == null) ? "periodic checks and clocks per connection not told apart"
				: result.periodic() ? "several connections closed at the same instant after different idle times: "
						+ "the server checks idle connections periodically"
						: "connections closed one by one after the same idle time";
		return kind + "; open after " + ((result.openSeconds() != null) ? TextReport.seconds(result.openSeconds()) : "-")
				+ ", closed after " + TextReport.seconds(result.closedSeconds());
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/** One connection: starts at its time, sends one request, then listens until the server closes it. */
	private final class Listener {

		private final long startAt;

		private final Duration listen;

		/** System.nanoTime() when the response was in, or 0 if the connection never got that far. */
		volatile long idleSince;

		/** System.nanoTime() when the server's close was seen, or 0 if none. */
		volatile long closedAt;

		/** System.nanoTime() when this side stopped listening without a close from the server, or 0. */
		volatile long openUntil;

		volatile IOException failure;

		private HttpConnection connection;

		private boolean stopped;

		Listener(long startAt, Duration listen) {
			this.startAt = startAt;
			this.listen = listen;
		}

		void run() {
			try {
				TimeUnit.NANOSECONDS.sleep(Math.max(0, this.startAt - System.nanoTime()));
				try (HttpConnection opened = CloseTimingCheck.this.connector.open()) {
					if (!attach(opened)) {
						return;
					}
					opened.exchange(CloseTimingCheck.this.request);
					this.idleSince = opened.idleSinceNanos();
					Close close = opened.awaitIdle(this.listen);
					if (close != null && !isStopped()) {
						this.closedAt = System.nanoTime();
					}
				}
			}
			catch (InterruptedException stoppedBeforeItStarted) {
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				if (!isStopped()) {
					this.failure = ex;
				}
			}
			finally {
				if (this.idleSince != 0 && this.closedAt == 0) {
					this.openUntil = System.nanoTime();
				}
			}
		}

		double closedAfter() {
			return (this.closedAt - this.idleSince) / 1e9;
		}

		private synchronized boolean attach(HttpConnection opened) {
			this.connection = opened;
			return !this.stopped;
		}

		private synchronized boolean isStopped() {
			return this.stopped;
		}

		synchronized void stop() {
			this.stopped = true;
			if (this.connection != null) {
				try {
					this.connection.close();
				}
				catch (IOException ignored) {
					// closing to stop the wait; nothing to report
				}
			}
		}

	}

}
