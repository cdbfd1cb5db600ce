package io.keepalivelab.chain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class WorkTimerTests {

	private final EventLoop loop = new DefaultEventLoop();

	@AfterEach
	void stopLoop() {
		this.loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void theAnswerComesFromTheRequestsEventLoopWhenTheContextCarriesOne() {
		Mono<String> work = WorkTimer.after(5, () -> Thread.currentThread().getName())
			.contextWrite(context -> context.put(RequestEventLoop.KEY, this.loop));

		String answeredOn = work.block(Duration.ofSeconds(10));

		assertThat(this.loop.submit(() -> Thread.currentThread().getName()).syncUninterruptibly().getNow())
			.isEqualTo(answeredOn);
	}

	@Test
	void withoutAnEventLoopReactorsParallelTimerWaits() {
		assertThat(WorkTimer.after(5, () -> Thread.currentThread().getName()).block(Duration.ofSeconds(10)))
			.startsWith("parallel-");
	}

	@Test
	void cancellingBeforeTheTimeStopsTheTimerSoNoAnswerIsEverMade() throws Exception {
		AtomicInteger answers = new AtomicInteger();
		Disposable request = WorkTimer.after(1_000, answers::incrementAndGet)
			.contextWrite(context -> context.put(RequestEventLoop.KEY, this.loop))
			.subscribe();

		request.dispose();
		// Tasks due at the same time run in the order they were scheduled: once this one ran, the timer is past.
		this.loop.schedule(() -> null, 1_000, TimeUnit.MILLISECONDS).sync();

		assertThat(answers).hasValue(0);
	}

	@Test
	void noWorkAnswersAtOnceOnTheCallersThread() {
		assertThat(WorkTimer.after(0, () -> Thread.currentThread().getName()).block())
			.isEqualTo(Thread.currentThread().getName());
	}
}
