package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class BoundedWorkersTest {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<String> processed = new CopyOnWriteArrayList<>();

	private BoundedWorkers<String> workers;

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.workers != null) {
			this.workers.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void holdsTwoBatchesAndNoMoreWhileTheWorkerIsBusy() throws Exception {
		this.workers = blockingWorkers(1, 2);
		assertThat(this.workers.reserve(2, Duration.ofSeconds(5))).isEqualTo(2);
		this.workers.handOver(List.of("a", "b"), 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.contains("a"));
		// The worker holds "a" and "b": room for one more batch (read ahead), then none until it is done with them.
		assertThat(this.workers.reserve(2, Duration.ofSeconds(5))).isEqualTo(2);
		this.workers.handOver(List.of("c", "d"), 2);
		assertThat(this.workers.reserve(1, Duration.ofMillis(200))).isZero();
		assertThat(this.workers.reserveAvailable(10)).isZero();

		this.release.countDown();
		assertThat(this.workers.reserve(4, Duration.ofSeconds(5))).isEqualTo(4);
		assertThat(this.processed).containsExactly("a", "b", "c", "d");
	}

	@Test
	void severalWorkersShareABatch() throws Exception {
		this.workers = blockingWorkers(3, 3);
		this.workers.reserve(3, Duration.ofSeconds(5));
		this.workers.handOver(List.of("a", "b", "c"), 3);
		// Each worker takes one item: all three are in hand at once although every worker is stuck in its first.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.size() == 3);
		assertThat(this.processed).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void returnsTheRoomThatAReadDidNotUse() throws Exception {
		this.workers = blockingWorkers(1, 3);
		assertThat(this.workers.reserve(3, Duration.ofSeconds(5))).isEqualTo(3);
		this.workers.handOver(List.of("a"), 3);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.contains("a"));
		// 6 places: "a" holds one until it is processed, the two it did not use are back.
		assertThat(this.workers.reserveAvailable(100)).isEqualTo(5);
	}

	@Test
	void refusesMoreItemsThanWereReserved() throws Exception {
		this.workers = blockingWorkers(1, 2);
		assertThat(this.workers.reserve(1, Duration.ofSeconds(5))).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.workers.handOver(List.of("a", "b"), 1))
			.withMessageContaining("2 items handed over for 1 places");
	}

	@Test
	void leavesUnprocessedItemsAfterTheShutdownTimeoutAndStartsAgainWithFullRoom() throws Exception {
		this.workers = blockingWorkers(1, 2);
		this.workers.reserve(4, Duration.ofSeconds(5));
		this.workers.handOver(List.of("a", "b", "c", "d"), 4);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.contains("a"));
		// "a" is stuck in the worker; the worker holds "b" to "d" and must not process them after the timeout.
		assertThat(this.workers.stop(Duration.ofMillis(100))).isEqualTo(4);
		assertThat(this.processed).containsExactly("a");

		this.workers.start(ListenerThreads.platform());
		assertThat(this.workers.reserveAvailable(100)).isEqualTo(4);
	}

	@Test
	void aWorkerSurvivesAProcessorThatThrows() throws Exception {
		this.workers = new BoundedWorkers<>("test-", "test", 1, 2, (item) -> {
			if (item.equals("bad")) {
				throw new IllegalStateException("a broken meter registry");
			}
			this.processed.add(item);
		});
		this.workers.start(ListenerThreads.platform());
		this.workers.reserve(2, Duration.ofSeconds(5));
		this.workers.handOver(List.of("bad", "a"), 2);
		this.workers.reserve(1, Duration.ofSeconds(5));
		this.workers.handOver(List.of("b"), 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.processed.size() == 2);
		assertThat(this.processed).containsExactly("a", "b");
		assertThat(this.workers.reserve(4, Duration.ofSeconds(5))).isEqualTo(4);
	}

	@Test
	void keepsRoomForEveryWorkerBeyondABatch() throws Exception {
		this.workers = blockingWorkers(8, 2);
		assertThat(this.workers.reserveAvailable(100)).isEqualTo(10);
	}

	private BoundedWorkers<String> blockingWorkers(int concurrency, int batchSize) {
		BoundedWorkers<String> created = new BoundedWorkers<>("test-", "test", concurrency, batchSize, (item) -> {
			this.processed.add(item);
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		created.start(ListenerThreads.platform());
		return created;
	}

}
