package io.keepalivelab.chain;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * The backend's work, waited on a timer rather than a thread. On Reactor Netty the timer is the event loop of the
 * connection the request came on, which the stack puts in the Reactor context under {@link #EVENT_LOOP}: the answer
 * is then encoded and written on the thread that also handles the connection's resets, so a client resetting its
 * stream cannot race the encoder into leaking the encoded buffer, and no thread hand-off sits in the measured path.
 * Without one (Tomcat) Reactor's parallel timer waits.
 */
public final class WorkTimer {

	/** The Reactor context key of the request connection's event loop, a {@link ScheduledExecutorService}. */
	public static final String EVENT_LOOP = "keepalive-lab.request-event-loop";

	private WorkTimer() {
	}

	/** {@code result}, asked for once {@code workMs} have passed; at once for 0. Cancelling stops the timer. */
	public static <T> Mono<T> after(int workMs, Supplier<T> result) {
		if (workMs == 0) {
			return Mono.fromSupplier(result);
		}
		return Mono.deferContextual(context -> context.<ScheduledExecutorService>getOrEmpty(EVENT_LOOP)
			.map(loop -> on(loop, workMs, result))
			.orElseGet(() -> Mono.delay(Duration.ofMillis(workMs)).map(tick -> result.get())));
	}

	private static <T> Mono<T> on(ScheduledExecutorService loop, int workMs, Supplier<T> result) {
		return Mono.create(sink -> {
			ScheduledFuture<?> timer = loop.schedule(() -> sink.success(result.get()), workMs, TimeUnit.MILLISECONDS);
			sink.onCancel(() -> timer.cancel(false));
		});
	}
}
