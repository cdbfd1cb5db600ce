package io.keepalivelab.chain;

import java.util.Optional;

import io.keepalivelab.connection.LoopExecutor;
import io.netty.util.concurrent.EventExecutor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * The event loop of the connection a request came on, which the Reactor Netty stack puts in the Reactor context
 * (Tomcat has none). An answer that is encoded and written on this loop cannot race the connection's own reset
 * handling: a client that resets its HTTP/2 stream while a downstream's answer is being encoded on another loop
 * otherwise leaves the encoded buffer to a cancellation no operator is bound to release. Netty hands a write from
 * another thread to this loop anyway, so moving there before encoding adds no hop to the measured path.
 */
public final class RequestEventLoop {

	/** The Reactor context key of the request connection's event loop, an {@link EventExecutor}. */
	public static final String KEY = "keepalive-lab.request-event-loop";

	private RequestEventLoop() {
	}

	/** The request's event loop, if the context carries one. */
	public static Optional<EventExecutor> in(ContextView context) {
		return context.getOrEmpty(KEY);
	}

	/**
	 * {@code answer}'s value or error, delivered on the request's event loop: at once when it already arrives there,
	 * through the loop's task queue when it arrives on another thread, unchanged without one.
	 */
	public static <T> Mono<T> answerOn(Mono<T> answer) {
		return Mono.deferContextual(context -> in(context)
			.map(loop -> answer.publishOn(Schedulers.fromExecutor(LoopExecutor.of(() -> loop))))
			.orElse(answer));
	}
}
