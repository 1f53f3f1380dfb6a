package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class BoundedWorkersTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

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

	@Test
	void keyOrderedItemsOfEachKeyRunOneAtATimeInOrderAndNoKeyIsKeptAfterItDrained() throws Exception {
		Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
		Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();
		AtomicInteger overlapsWithinAKey = new AtomicInteger();
		this.workers = keyOrdered(8, 50, (item) -> {
			String key = key(item);
			AtomicInteger inKey = running.computeIfAbsent(key, (k) -> new AtomicInteger());
			if (inKey.incrementAndGet() != 1) {
				overlapsWithinAKey.incrementAndGet();
			}
			// widens the window in which a second worker on the same key would be seen
			Thread.yield();
			sequences.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(sequence(item));
			inKey.decrementAndGet();
		});
		List<String> items = new ArrayList<>();
		for (int sequence = 0; sequence < 40; sequence++) {
			for (int key = 0; key < 150; key++) {
				items.add("k" + key + ":" + sequence);
			}
		}
		feed(items);

		await().atMost(WAIT).until(() -> sequences.values().stream().mapToInt(List::size).sum() == items.size());
		assertThat(overlapsWithinAKey).hasValue(0);
		assertThat(sequences).hasSize(150)
			.allSatisfy((key, sequence) -> assertThat(sequence).isEqualTo(IntStream.range(0, 40).boxed().toList()));
		await().atMost(WAIT).until(() -> this.workers.orderedKeys() == 0);
		assertThat(this.workers.reserve(100, WAIT)).isEqualTo(100);
	}

	@Test
	void keyOrderedDifferentKeysAndItemsWithoutAKeyRunInParallel() throws Exception {
		CountDownLatch allInHand = new CountDownLatch(8);
		this.workers = keyOrdered(8, 10, (item) -> {
			this.processed.add(item);
			allInHand.countDown();
			// every worker waits here until all 8 items are in hand at once, which needs 8 workers in parallel
			waitFor(allInHand);
		});
		feed(List.of("a:0", "b:0", "c:0", "d:0", "-:0", "-:1", "-:2", "-:3"));

		assertThat(allInHand.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(WAIT).until(() -> this.processed.size() == 8);
	}

	@Test
	void keyOrderedBlockedKeyHoldsBackItsOwnLaterItemsAndNothingElse() throws Exception {
		this.workers = keyOrderedBlockingOn("slow:0", 4, 10);
		List<String> others = new ArrayList<>();
		for (int sequence = 0; sequence < 20; sequence++) {
			others.add("a:" + sequence);
			others.add("b:" + sequence);
			others.add("-:" + sequence);
		}
		List<String> items = new ArrayList<>(List.of("slow:0", "slow:1", "slow:2"));
		items.addAll(others);
		feed(items);

		await().atMost(WAIT).until(() -> this.processed.containsAll(others));
		assertThat(this.processed).contains("slow:0").doesNotContain("slow:1", "slow:2");
		// a worker lets go of a key when it comes back for more, just after its item
		await().atMost(WAIT).until(() -> this.workers.orderedKeys() == 1);
		assertThat(this.processed).doesNotContain("slow:1", "slow:2");

		this.release.countDown();
		await().atMost(WAIT).until(() -> this.processed.contains("slow:2"));
		assertThat(this.processed.subList(this.processed.indexOf("slow:0"), this.processed.size()))
			.containsSubsequence("slow:0", "slow:1", "slow:2");
		await().atMost(WAIT).until(() -> this.workers.orderedKeys() == 0);
	}

	@Test
	void keyOrderedKeyHeldByAWorkerAbandonedAtStopRunsAgainAfterARestart() throws Exception {
		this.workers = keyOrderedBlockingOn("k:0", 2, 2);
		feed(List.of("k:0", "k:1"));
		await().atMost(WAIT).until(() -> this.processed.contains("k:0"));
		assertThat(this.workers.stop(Duration.ofMillis(100))).isEqualTo(2);
		assertThat(this.workers.orderedKeys()).isZero();

		this.workers.start(ListenerThreads.platform());
		feed(List.of("k:2"));
		await().atMost(WAIT).until(() -> this.processed.contains("k:2"));
		assertThat(this.processed).doesNotContain("k:1");
	}

	private BoundedWorkers<String> blockingWorkers(int concurrency, int batchSize) {
		BoundedWorkers<String> created = new BoundedWorkers<>("test-", "test", concurrency, batchSize, (item) -> {
			this.processed.add(item);
			waitFor(this.release);
		});
		created.start(ListenerThreads.platform());
		return created;
	}

	/**
	 * Key-ordered workers of items {@code key:sequence}, or {@code -:n} for an item without a key.
	 */
	private BoundedWorkers<String> keyOrdered(int concurrency, int batchSize, Consumer<String> processor) {
		BoundedWorkers<String> created = BoundedWorkers.keyOrdered("test-", "test", concurrency, batchSize, processor,
				BoundedWorkersTest::keyOrNull);
		created.start(ListenerThreads.platform());
		return created;
	}

	private BoundedWorkers<String> keyOrderedBlockingOn(String blocking, int concurrency, int batchSize) {
		return keyOrdered(concurrency, batchSize, (item) -> {
			this.processed.add(item);
			if (item.equals(blocking)) {
				waitFor(this.release);
			}
		});
	}

	/**
	 * Hands the items over as a fetch loop does: waits for room, then fills what room there is.
	 */
	private void feed(List<String> items) throws InterruptedException {
		int next = 0;
		while (next < items.size()) {
			int room = this.workers.reserve(1, WAIT);
			assertThat(room).as("room in the hand-off").isEqualTo(1);
			room += this.workers.reserveAvailable(items.size() - next - 1);
			this.workers.handOver(items.subList(next, next + room), room);
			next += room;
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String key(String item) {
		return item.substring(0, item.indexOf(':'));
	}

	private static @Nullable Object keyOrNull(String item) {
		String key = key(item);
		return key.equals("-") ? null : key;
	}

	private static int sequence(String item) {
		return Integer.parseInt(item.substring(item.indexOf(':') + 1));
	}

}
