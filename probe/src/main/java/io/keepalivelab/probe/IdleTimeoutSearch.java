package io.keepalivelab.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.keepalivelab.probe.HttpConnection.Close;
import io.keepalivelab.probe.ProbeReport.IdleTimeout;

/**
 * Finds the longest idle gap after which a connection still serves a request, as a bracket. Several connections wait
 * different gaps at the same time; a connection that closes settles every longer gap at once, so a round lasts about
 * as long as the server's timeout. The first round climbs a doubling ladder up to --max-idle; each later round puts
 * one probe just under the upper bound and spreads the others evenly across the bracket, until the bracket is as
 * narrow as --precision or the next round no longer fits the time budget. When idle connections were seen closing,
 * {@link CloseTimingCheck} then tells whether the server closes them in periodic checks, where a request served after
 * a long idle proves nothing about the timeout, and brackets that timeout from the check instead.
 */
final class IdleTimeoutSearch {

	/** How far past the upper bound the confirming connection idles, at least. */
	private static final double CONFIRM_MARGIN_SECONDS = 0.5;

	private final Connector connector;

	private final Target target;

	private final String request;

	private final Probe.Settings settings;

	private final Budget budget;

	private final Consumer<String> progress;

	private double usable;

	private Double closed;

	private CloseKind closeKind;

	private boolean closeConfirmed;

	private int connections;

	private Boolean periodic;

	IdleTimeoutSearch(Connector connector, Target target, Probe.Settings settings, Budget budget,
			Consumer<String> progress) {
		this.connector = connector;
		this.target = target;
		this.request = target.get("HTTP/1.1");
		this.settings = settings;
		this.budget = budget;
		this.progress = progress;
	}

	IdleTimeout run() throws IOException, InterruptedException {
		for (List<Double> gaps = ladder(); !gaps.isEmpty() && fits(gaps); gaps = narrowing()) {
			round(gaps);
		}
		if (this.closed != null && !this.closeConfirmed) {
			confirmCloseKind();
		}
		boolean complete = (this.closed != null) ? narrowEnough() : this.usable >= seconds(this.settings.maxIdle());
		if (this.closed != null && this.closeConfirmed && this.closeKind != CloseKind.SILENT) {
			complete = checkCloseTiming();
		}
		return new IdleTimeout(ProbeReport.round(this.usable), this.closed, this.closeKind, this.closeConfirmed,
				this.connections, complete, this.periodic);
	}

	/**
	 * The bracket above assumes that the server closes a connection once it has idled for the timeout. One that checks
	 * its connections periodically closes them up to a period later, and serves them until then: its upper bound
	 * holds, but a connection that served a request after a long idle was lucky, not proof. The lower bound then comes
	 * from {@link CloseTimingCheck} alone: the longest idle of a connection that a check left open.
	 * @return whether the bracket is as narrow as --precision
	 */
	private boolean checkCloseTiming() throws IOException, InterruptedException {
		CloseTimingCheck.Result timing = new CloseTimingCheck(this.connector, this.target, this.settings, this.budget,
				this.progress)
			.run(this.closed);
		this.connections += timing.connections();
		if (timing.closedSeconds() == null) {
			return narrowEnough();
		}
		boolean servedPastAClose = this.usable > timing.closedSeconds() + timing.stagger() / 2;
		this.periodic = (servedPastAClose || Boolean.TRUE.equals(timing.periodic())) ? Boolean.TRUE : timing.periodic();
		if (Boolean.FALSE.equals(this.periodic)) { // a clock per connection: the search's narrower bracket stands
			return narrowEnough();
		}
		this.closed = Math.min(this.closed, timing.closedSeconds());
		if (timing.openSeconds() == null) { // periodic, but every check closed all it saw: no proven lower bound
			this.usable = Math.min(this.usable, this.closed);
			this.progress.accept("idle timeout: " + bracket() + " (lower bound not proven: closes come in periodic checks)");
			return false;
		}
		// not told apart: a server that is late to close what it no longer serves also leaves connections
		// open at a close, so the search's lower bound stays unless it is higher
		double open = Boolean.TRUE.equals(this.periodic) ? timing.openSeconds()
				: Math.min(timing.openSeconds(), this.usable);
		this.usable = Math.min(open, this.closed);
		this.progress.accept("idle timeout: " + bracket());
		return narrowEnough();
	}

	/**
	 * No connection saw how the server closes, only reuses that failed; but a polite close that crosses the request
	 * fails it with a reset too (the server's kernel answers a request that reaches a closing connection with RST).
	 * One more connection idles past the upper bound while listening, and sees the close itself. Skipped when that
	 * does not fit --max-idle or the time budget: the report then says the kind is not confirmed.
	 */
	private void confirmCloseKind() throws IOException {
		double gap = this.closed + Math.max(seconds(this.settings.precision()), CONFIRM_MARGIN_SECONDS);
		if (gap > seconds(this.settings.maxIdle()) || !this.budget.allows(roundCost(gap))) {
			this.progress.accept("idle timeout: close kind not confirmed: idling " + TextReport.seconds(gap)
					+ " does not fit --max-idle or --max-time");
			return;
		}
		this.progress.accept("idle timeout: 1 connection idle for " + TextReport.seconds(gap) + " to see how it closes");
		Outcome outcome = new IdleProbe(gap).run();
		this.connections++;
		if (outcome.close() != null) { // quiet past the bound: even a failed reuse cannot be a crossed polite close
			record(new Outcome(outcome.idleSeconds(), outcome.close(), true));
		}
		this.progress.accept("idle timeout: " + bracket());
	}

	private List<Double> ladder() {
		double maxIdle = seconds(this.settings.maxIdle());
		List<Double> gaps = new ArrayList<>();
		for (double gap = 1; gap < maxIdle; gap *= 2) {
			gaps.add(gap);
		}
		gaps.add(maxIdle);
		gaps.removeIf((gap) -> !this.budget.allows(roundCost(gap)));
		return gaps;
	}

	/** The bracket is within --precision and has a lower bound above zero. */
	private boolean narrowEnough() {
		return this.closed - this.usable <= seconds(this.settings.precision()) && this.usable > 0;
	}

	private List<Double> narrowing() {
		if (this.closed == null || narrowEnough()) {
			return List.of();
		}
		double top = this.closed - Math.min(seconds(this.settings.precision()), this.closed - this.usable) / 2;
		int parallel = this.settings.parallel();
		List<Double> gaps = new ArrayList<>();
		for (int i = 1; i < parallel; i++) {
			gaps.add(this.usable + (top - this.usable) * i / parallel);
		}
		gaps.add(top);
		return gaps;
	}

	private boolean fits(List<Double> gaps) {
		return this.budget.allows(roundCost(gaps.get(gaps.size() - 1)));
	}

	/** The longest a round can take: a first exchange, the gap, then a second one that may time out. */
	private Duration roundCost(double gap) {
		return Duration.ofMillis((long) (gap * 1000)).plus(this.settings.timeout().multipliedBy(2));
	}

	private void round(List<Double> gaps) throws IOException, InterruptedException {
		this.progress.accept("idle timeout: " + gaps.size() + " connections idle for "
				+ gaps.stream().map(TextReport::seconds).collect(Collectors.joining(", ")));
		List<IdleProbe> probes = gaps.stream().map(IdleProbe::new).toList();
		ExecutorService threads = Executors.newFixedThreadPool(probes.size());
		try {
			CompletionService<Outcome> done = new ExecutorCompletionService<>(threads);
			probes.forEach((probe) -> done.submit(probe::run));
			for (int i = 0; i < probes.size(); i++) {
				Outcome outcome = done.take().get();
				if (outcome != null && record(outcome)) {
					probes.stream().filter((probe) -> probe.gap >= outcome.idleSeconds()).forEach(IdleProbe::cancel);
				}
			}
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
		finally {
			probes.forEach(IdleProbe::cancel);
			threads.shutdownNow();
		}
		this.connections += probes.size();
		this.progress.accept("idle timeout: " + bracket());
	}

	private String bracket() {
		return TextReport.bracket(this.usable, this.closed, this.closeKind, this.closeConfirmed);
	}

	/**
	 * Every close bounds the bracket, but only a seen one tells how the server closes: a kind inferred from a failed
	 * reuse stands in until a seen one replaces it.
	 * @return whether the outcome was a close, which settles every longer gap
	 */
	private boolean record(Outcome outcome) {
		if (outcome.close() == null) {
			this.usable = Math.max(this.usable, outcome.idleSeconds());
			return false;
		}
		if (this.closed == null || outcome.idleSeconds() < this.closed) {
			this.closed = ProbeReport.round(outcome.idleSeconds());
		}
		if (this.closeKind == null || (outcome.closeSeen() && !this.closeConfirmed)) {
			this.closeKind = outcome.close();
			this.closeConfirmed = outcome.closeSeen();
		}
		return true;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/**
	 * What one idle gap did: {@code close} is null when the connection still served a request after it.
	 * @param closeSeen the kind was seen: a close while idle, or silence on reuse (not a reuse that failed otherwise)
	 */
	private record Outcome(double idleSeconds, CloseKind close, boolean closeSeen) {
	}

	/** One connection: a request, an idle gap, then a second request; or a close seen during the gap. */
	private final class IdleProbe {

		final double gap;

		private HttpConnection connection;

		private boolean cancelled;

		IdleProbe(double gap) {
			this.gap = gap;
		}

		/** @return what the gap did to the connection, or null when cancelled */
		Outcome run() throws IOException {
			try (HttpConnection opened = IdleTimeoutSearch.this.connector.open()) {
				if (!attach(opened)) {
					return null;
				}
				opened.exchange(IdleTimeoutSearch.this.request);
				Close close = opened.awaitIdle(Duration.ofNanos((long) (this.gap * 1e9)));
				Outcome outcome = (close != null) ? new Outcome(close.idleSeconds(), close.kind(), true)
						: reuse(opened);
				return isCancelled() ? null : outcome;
			}
			catch (IOException ex) {
				if (isCancelled()) {
					return null;
				}
				throw ex;
			}
		}

		private Outcome reuse(HttpConnection idle) {
			double idleSeconds = idle.idleSeconds();
			try {
				idle.exchange(IdleTimeoutSearch.this.request);
				return new Outcome(idleSeconds, null, false);
			}
			catch (IOException ex) {
				// silence is how a drop shows; any other failure only proves that the connection was closed by then
				CloseKind kind = CloseKind.of(ex);
				return new Outcome(idleSeconds, kind, kind == CloseKind.SILENT);
			}
		}

		private synchronized boolean attach(HttpConnection opened) {
			this.connection = opened;
			return !this.cancelled;
		}

		private synchronized boolean isCancelled() {
			return this.cancelled;
		}

		synchronized void cancel() {
			this.cancelled = true;
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
