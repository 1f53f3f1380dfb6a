package io.github.redismessaging.listener.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismessaging.listener.BatchListenerFailedException;

class BatchListenerCallsTest {

	private final List<String> outcomes = new ArrayList<>();

	private final List<List<Object>> calls = new ArrayList<>();

	private final BatchListenerCalls.Outcomes<String> record = new BatchListenerCalls.Outcomes<>() {

		@Override
		public void succeeded(String item) {
			BatchListenerCallsTest.this.outcomes.add(item + ":ok");
		}

		@Override
		public void failed(String item, Throwable failure) {
			BatchListenerCallsTest.this.outcomes.add(item + ":" + failure.getMessage());
		}

	};

	@Test
	void namedElementFailsAndTheListenerIsCalledAgainWithTheRest() {
		List<String> items = List.of("a", "b", "c", "d");
		BatchListenerCalls.run(items, new ArrayList<>(items), (elements) -> {
			this.calls.add(List.copyOf(elements));
			int poison = elements.indexOf("b");
			if (poison >= 0) {
				throw new BatchListenerFailedException("b failed", new IllegalStateException("cause"), poison);
			}
		}, this.record);
		assertThat(this.calls).containsExactly(List.of("a", "b", "c", "d"), List.of("c", "d"));
		assertThat(this.outcomes).containsExactly("a:ok", "b:cause", "c:ok", "d:ok");
	}

	@Test
	void namedLastElementEndsWithoutAnotherCall() {
		List<String> items = List.of("a", "b");
		BatchListenerCalls.run(items, new ArrayList<>(items), (elements) -> {
			this.calls.add(List.copyOf(elements));
			throw new BatchListenerFailedException("last", 1);
		}, this.record);
		assertThat(this.calls).hasSize(1);
		assertThat(this.outcomes).containsExactly("a:ok", "b:last");
	}

	@Test
	void interruptedAfterANamedFailureKeepsTheSuccessesBeforeItAndFailsTheRest() {
		List<String> items = List.of("a", "b", "c");
		try {
			BatchListenerCalls.run(items, new ArrayList<>(items), (elements) -> {
				Thread.currentThread().interrupt();
				throw new BatchListenerFailedException("b failed", 1);
			}, this.record);
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.outcomes).containsExactly("a:ok", "b:b failed", "c:b failed");
	}

	@Test
	void anIndexOutsideTheCallOrAnyOtherExceptionFailsEveryElement() {
		List<String> items = List.of("a", "b");
		BatchListenerCalls.run(items, new ArrayList<>(items), (elements) -> {
			throw new BatchListenerFailedException("nowhere", 7);
		}, this.record);
		BatchListenerCalls.run(items, new ArrayList<>(items), (elements) -> {
			throw new IllegalStateException("boom");
		}, this.record);
		assertThat(this.outcomes).containsExactly("a:nowhere", "b:nowhere", "a:boom", "b:boom");
	}

}
