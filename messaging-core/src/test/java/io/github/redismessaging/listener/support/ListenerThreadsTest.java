package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ListenerThreadsTest {

	private final ListenerThreads threads = ListenerThreads.platform();

	@Test
	void aRunningTaskCarriesItsNameAndCanBeJoined() throws InterruptedException {
		AtomicReference<String> name = new AtomicReference<>();
		ListenerThreads.Running running = this.threads.start("redis-stream-orders-fetch",
				() -> name.set(Thread.currentThread().getName()));
		assertThat(running.join(Duration.ofSeconds(5))).isTrue();
		assertThat(name.get()).isEqualTo("redis-stream-orders-fetch");
	}

	@Test
	void stoppingARepetitionInterruptsTheRunInProgressAndRunsItNoMore() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger interrupted = new AtomicInteger();
		CountDownLatch blocked = new CountDownLatch(1);
		ListenerThreads.Repeating repeating = this.threads.repeat("redis-queue-jobs-maintenance", Duration.ZERO,
				Duration.ofMillis(10), () -> {
					runs.incrementAndGet();
					blocked.countDown();
					try {
						// stands for a call to Redis that hangs
						new CountDownLatch(1).await();
					}
					catch (InterruptedException ex) {
						interrupted.incrementAndGet();
					}
				});
		assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		repeating.stop(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(interrupted.get()).isEqualTo(1);
		int after = runs.get();
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == after);
		assertThat(after).isEqualTo(1);
	}

	@Test
	void aNonBlockingRepetitionRunsWithAFixedDelayUntilCancelled() {
		AtomicInteger runs = new AtomicInteger();
		ListenerThreads.Repeating repeating = this.threads.repeatNonBlocking(Duration.ZERO, Duration.ofMillis(5),
				runs::incrementAndGet);
		await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
		repeating.cancel();
		int after = runs.get();
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() <= after + 1);
	}

}
