package io.github.redismessaging.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WorkerBufferTest {

	private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

	@Test
	void refusesBeyondItsCapacityAndHandsOverInOrderUpToTheMost() throws Exception {
		WorkerBuffer<String> buffer = new WorkerBuffer<>(3);

		assertThat(List.of("a", "b", "c", "d").stream().map(buffer::offer)).containsExactly(true, true, true, false);
		assertThat(buffer.size()).isEqualTo(3);

		List<String> taken = new ArrayList<>();
		buffer.drainTo(taken, 2, 0);

		assertThat(taken).containsExactly("a", "b");
		assertThat(buffer.size()).isEqualTo(1);
		assertThat(buffer.offer("e")).isTrue();
		buffer.drainTo(taken, 10, 0);
		assertThat(taken).containsExactly("a", "b", "c", "e");
		assertThat(buffer.isEmpty()).isTrue();
	}

	@Test
	void aWaitingWorkerIsWokenByTheNextMessageLongBeforeItsTimeout() {
		WorkerBuffer<String> buffer = new WorkerBuffer<>(10);
		List<String> taken = new ArrayList<>();
		Thread[] worker = new Thread[1];
		CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
			worker[0] = Thread.currentThread();
			try {
				buffer.drainTo(taken, 10, LONG_WAIT);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> worker[0] != null && worker[0].getState() == Thread.State.TIMED_WAITING);

		buffer.offer("wake");

		await().atMost(Duration.ofSeconds(5)).until(drained::isDone);
		assertThat(taken).containsExactly("wake");
	}

	@Test
	void returnsEmptyHandedAfterTheTimeoutAndThrowsWhenInterrupted() {
		WorkerBuffer<String> buffer = new WorkerBuffer<>(10);
		List<String> taken = new ArrayList<>();

		assertThat(CompletableFuture.runAsync(() -> {
			try {
				buffer.drainTo(taken, 10, TimeUnit.MILLISECONDS.toNanos(20));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		})).succeedsWithin(Duration.ofSeconds(5));
		assertThat(taken).isEmpty();

		Thread.currentThread().interrupt();
		assertThatThrownBy(() -> buffer.drainTo(taken, 10, LONG_WAIT)).isInstanceOf(InterruptedException.class);
		assertThat(Thread.interrupted()).isFalse();
	}

	@Test
	void clearForgetsWhatIsBufferedAndFreesItsRoom() {
		WorkerBuffer<String> buffer = new WorkerBuffer<>(2);
		buffer.offer("a");
		buffer.offer("b");

		buffer.clear();

		assertThat(buffer.size()).isZero();
		assertThat(buffer.offer("c")).isTrue();
	}

}
