package io.keepalivelab.chain;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * The backend's work, waited on a timer rather than a thread. On Reactor Netty the timer is the
 * {@link RequestEventLoop}, so the answer is encoded and written on the thread that also handles the connection's
 * resets and no thread hand-off sits in the measured path. Without one (Tomcat) Reactor's parallel timer waits.
 */
public final class WorkTimer {

	private WorkTimer() {
	}

	/** {@code result}, asked for once {@code workMs} have passed; at once for 0. Cancelling stops the timer. */
	public static <T> Mono<T> after(int workMs, Supplier<T> result) {
		if (workMs == 0) {
			return Mono.fromSupplier(result);
		}
		return Mono.deferContextual(context -> RequestEventLoop.in(context)
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
