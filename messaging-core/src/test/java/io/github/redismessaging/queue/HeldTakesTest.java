package io.github.redismessaging.queue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.redismessaging.keys.KeyNames;
import io.github.redismessaging.queue.HeldTakes.Outcome;
import io.github.redismessaging.queue.HeldTakes.Take;

import static org.assertj.core.api.Assertions.assertThat;

class HeldTakesTest {

	private final QueueKeys queue = QueueKeys.of("jobs", KeyNames.NO_PREFIX);

	private final HeldTakes held = new HeldTakes("consumer");

	private QueueItem item(String takeId, String text) {
		return QueueItem.read(this.queue, takeId, text.getBytes(), 0);
	}

	@Test
	void takeEndsOnceEveryItemHasAnOutcomeAndOnlyWholeWhenNoneWasLetGo() {
		String id = this.held.nextTakeId();
		List<QueueItem> items = List.of(item(id, "a"), item(id, "b"), item(id, "c"));
		this.held.hold(this.queue, id, items);
		assertThat(this.held.resolved(items.get(0), Outcome.SUCCEEDED)).isNull();
		assertThat(this.held.resolved(items.get(1), Outcome.MOVED)).isNull();
		Take take = this.held.resolved(items.get(2), Outcome.SUCCEEDED);
		assertThat(take).isNotNull();
		assertThat(take.isWhole()).isTrue();
		assertThat(take.withOutcome(Outcome.SUCCEEDED)).containsExactly(items.get(0), items.get(2));
	}

	@Test
	void anItemLetGoMakesTheTakeSettleInsteadOfEnd() {
		String id = this.held.nextTakeId();
		List<QueueItem> items = List.of(item(id, "a"), item(id, "b"));
		this.held.hold(this.queue, id, items);
		this.held.resolved(items.get(0), Outcome.LET_GO);
		Take take = this.held.resolved(items.get(1), Outcome.SUCCEEDED);
		assertThat(take.isWhole()).isFalse();
		assertThat(take.withOutcome(Outcome.SUCCEEDED)).containsExactly(items.get(1));
	}

	@Test
	void theSameItemReadAgainFromRedisDoesNotCountForTheTake() {
		String id = this.held.nextTakeId();
		List<QueueItem> items = List.of(item(id, "a"), item(id, "b"));
		this.held.hold(this.queue, id, items);
		this.held.resolved(items.get(0), Outcome.SUCCEEDED);
		assertThat(this.held.resolved(item(id, "b"), Outcome.MOVED)).isNull();
		assertThat(this.held.items(this.queue)).isEqualTo(1);
	}

	@Test
	void unstartedItemsAreThoseNoWorkerStartedOldestFirst() {
		String id = this.held.nextTakeId();
		List<QueueItem> items = List.of(item(id, "a"), item(id, "b"), item(id, "c"));
		this.held.hold(this.queue, id, items);
		this.held.started(items.get(0));
		assertThat(this.held.all(this.queue).get(0).unstarted()).containsExactly(items.get(1), items.get(2));
		assertThat(this.held.nextTakeId()).isEqualTo("consumer:2");
	}

}
