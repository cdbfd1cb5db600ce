package io.keepalivelab.chain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class RequestEventLoopTests {

	private final EventLoop loop = new DefaultEventLoop();

	private final Scheduler elsewhere = Schedulers.newSingle("elsewhere");

	@AfterEach
	void stop() {
		this.loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
		this.elsewhere.dispose();
	}

	@Test
	void anAnswerFromAnotherThreadIsDeliveredOnTheRequestsEventLoop() {
		Mono<String> answer = Mono.fromSupplier(() -> "answer").subscribeOn(this.elsewhere);

		String deliveredOn = RequestEventLoop.answerOn(answer)
			.map(value -> Thread.currentThread().getName())
			.contextWrite(context -> context.put(RequestEventLoop.KEY, this.loop))
			.block(Duration.ofSeconds(10));

		assertThat(deliveredOn).isEqualTo(loopThreadName());
	}

	@Test
	void anErrorFromAnotherThreadIsDeliveredOnTheRequestsEventLoopToo() {
		Mono<String> failure = Mono.<String>error(new IllegalStateException("downstream failed"))
			.subscribeOn(this.elsewhere);

		String deliveredOn = RequestEventLoop.answerOn(failure)
			.onErrorResume(ex -> Mono.just(Thread.currentThread().getName()))
			.contextWrite(context -> context.put(RequestEventLoop.KEY, this.loop))
			.block(Duration.ofSeconds(10));

		assertThat(deliveredOn).isEqualTo(loopThreadName());
	}

	@Test
	void anAnswerAlreadyOnTheEventLoopIsDeliveredAtOnceWithoutQueueing() {
		AtomicReference<String> delivered = new AtomicReference<>();

		// Subscribed inside one task: had the answer been queued, the task would end before it was delivered.
		String seenAtTheEndOfTheTask = this.loop.submit(() -> {
			RequestEventLoop.answerOn(Mono.just("answer"))
				.contextWrite(context -> context.put(RequestEventLoop.KEY, this.loop))
				.subscribe(delivered::set);
			return delivered.get();
		}).syncUninterruptibly().getNow();

		assertThat(seenAtTheEndOfTheTask).isEqualTo("answer");
	}

	@Test
	void withoutAnEventLoopInTheContextTheAnswerIsUnchanged() {
		String deliveredOn = RequestEventLoop.answerOn(Mono.just("answer"))
			.map(value -> Thread.currentThread().getName())
			.block(Duration.ofSeconds(10));

		assertThat(deliveredOn).isEqualTo(Thread.currentThread().getName());
	}

	private String loopThreadName() {
		return this.loop.submit(() -> Thread.currentThread().getName()).syncUninterruptibly().getNow();
	}
}
