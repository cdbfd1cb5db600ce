package io.keepalivelab.connection;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.netty.util.concurrent.EventExecutor;

/**
 * Runs tasks on one Netty event loop: at once when already on it, through its task queue from any other thread, and
 * at once when there is no loop (yet). Reactor Netty and Spring hold a response's buffers on the loop of its
 * connection; signals that reach them from another thread race that loop's own reads and resets.
 */
public final class LoopExecutor {

	private LoopExecutor() {
	}

	/** @param loop the loop to run on, asked at each task; null to run where the task is given */
	public static Executor of(Supplier<? extends EventExecutor> loop) {
		return task -> {
			EventExecutor target = loop.get();
			if (target == null || target.inEventLoop()) {
				task.run();
			}
			else {
				target.execute(task);
			}
		};
	}
}
