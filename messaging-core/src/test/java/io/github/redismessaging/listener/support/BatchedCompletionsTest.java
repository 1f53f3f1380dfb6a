package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class BatchedCompletionsTest {

	private final List<List<String>> sentBatches = new CopyOnWriteArrayList<>();

	private final List<String> confirmed = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<Void>> replies = new CopyOnWriteArrayList<>();

	private final BatchedCompletions<String> completions = new BatchedCompletions<>("test", 3, (batch) -> {
		this.sentBatches.add(List.copyOf(batch));
		CompletableFuture<Void> reply = new CompletableFuture<>();
		this.replies.add(reply);
		return reply;
	}, this.confirmed::addAll);

	@Test
	void sendsAFullBatchAtOnceAndTheRestOnFlush() {
		this.completions.add("a");
		this.completions.add("b");
		assertThat(this.sentBatches).isEmpty();
		this.completions.add("c");
		this.completions.add("d");
		assertThat(this.sentBatches).containsExactly(List.of("a", "b", "c"));

		this.completions.flush();
		assertThat(this.sentBatches).containsExactly(List.of("a", "b", "c"), List.of("d"));
	}

	@Test
	void confirmsABatchOnlyWhenRedisHasReplied() {
		List.of("a", "b", "c").forEach(this.completions::add);
		assertThat(this.confirmed).isEmpty();
		this.replies.get(0).complete(null);
		assertThat(this.confirmed).containsExactly("a", "b", "c");
	}

	@Test
	void queuesAFailedBatchAgainAndSendsItWithTheNextFlush() {
		List.of("a", "b", "c").forEach(this.completions::add);
		this.replies.get(0).completeExceptionally(new IllegalStateException("connection lost"));
		assertThat(this.confirmed).isEmpty();

		this.completions.flush();
		assertThat(this.sentBatches).hasSize(2);
		assertThat(this.sentBatches.get(1)).containsExactlyInAnyOrder("a", "b", "c");
		this.replies.get(1).complete(null);
		assertThat(this.confirmed).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void aSenderThatThrowsLosesNothing() {
		AtomicInteger calls = new AtomicInteger();
		BatchedCompletions<String> flaky = new BatchedCompletions<>("test", 1, (batch) -> {
			if (calls.getAndIncrement() == 0) {
				throw new IllegalStateException("no connection");
			}
			return CompletableFuture.completedFuture(null);
		}, this.confirmed::addAll);
		flaky.add("a");
		assertThat(this.confirmed).isEmpty();
		flaky.flush();
		assertThat(calls).hasValue(2);
		assertThat(this.confirmed).containsExactly("a");
	}

	@Test
	void aConnectionThatRefusesEverythingDoesNotKeepTheCallerSpinning() {
		AtomicInteger calls = new AtomicInteger();
		BatchedCompletions<String> refusing = new BatchedCompletions<>("test", 2, (batch) -> {
			calls.incrementAndGet();
			throw new IllegalStateException("connection closed");
		}, this.confirmed::addAll);
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			refusing.add("a");
			refusing.add("b");
			refusing.flush();
		});
		assertThat(calls).hasValue(2);
		assertThat(this.confirmed).isEmpty();
	}

	@Test
	void flushAndWaitSendsWhatIsQueuedAndWaitsForTheReplies() throws Exception {
		this.completions.add("a");
		CompletableFuture<Void> stopping = CompletableFuture
			.runAsync(() -> this.completions.flushAndWait(Duration.ofSeconds(10)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.replies.size() == 1);
		assertThat(stopping).isNotDone();
		this.replies.get(0).complete(null);
		stopping.get();
		assertThat(this.confirmed).containsExactly("a");
	}

}
