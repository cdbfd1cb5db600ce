package io.keepalivelab.connection;

import java.util.Set;

import reactor.core.publisher.Hooks;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reactor's hook for errors that arrive after their subscriber has gone. One kind is no fault of the
 * service: a client resets its HTTP/2 stream, the downstream call is cancelled with it, and the
 * WebClient, releasing the response body it will no longer read, subscribes once more to the
 * connection's inbound that the cancellation has already closed; Reactor Netty's {@code FluxReceive}, or
 * before it Spring's {@code ReactorClientHttpResponse} ("released already due to cancellation"), refuses
 * that second receiver with an {@link IllegalStateException} nobody is left to receive. That one is logged
 * at DEBUG. Every other dropped error is still logged at ERROR, as Reactor's default does.
 */
public final class DroppedErrors {

	private static final Log log = LogFactory.getLog(DroppedErrors.class);

	/** Where a second receiver of a cancelled response's body is refused: Reactor Netty, then Spring's WebClient. */
	private static final Set<String> REFUSING_A_SECOND_RECEIVER = Set.of("reactor.netty.channel.FluxReceive",
			"org.springframework.http.client.reactive.ReactorClientHttpResponse");

	private DroppedErrors() {
	}

	/** Replaces Reactor's default hook, for the whole JVM: call once, before the application starts. */
	public static void install() {
		Hooks.onErrorDropped(DroppedErrors::dropped);
	}

	static void dropped(Throwable error) {
		if (refusedAfterCancel(error)) {
			if (log.isDebugEnabled()) {
				log.debug("Dropped after the caller cancelled: " + error);
			}
			return;
		}
		log.error("Operator called default onErrorDropped", error);
	}

	static boolean refusedAfterCancel(Throwable error) {
		StackTraceElement[] trace = error.getStackTrace();
		return error instanceof IllegalStateException && trace.length > 0
				&& REFUSING_A_SECOND_RECEIVER.contains(trace[0].getClassName());
	}
}
