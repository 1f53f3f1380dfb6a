package io.github.redismessaging.benchmarks;

import org.springframework.beans.factory.annotation.Value;

import io.github.redismessaging.annotation.StreamListener;

/**
 * The stream listener of the contexts that have one listener alone ({@link InstrumentedApplication},
 * {@link PartitionedApplication}), set by their properties: its id {@code bench.listener.id}, under which it records
 * what it receives, its stream {@code bench.listener.stream} and, for a partitioned stream,
 * {@code bench.listener.partitions}. Otherwise the same as {@code stream-c1} of {@link StarterListeners}: one
 * worker, the default batch of 100. It starts at the earliest entry: paused right after its small context starts, it
 * may create its group only when first resumed, after the first backlog was produced.
 */
class TallyListener {

	private final TallyBoard board;

	private final String id;

	TallyListener(TallyBoard board, @Value("${bench.listener.id}") String id) {
		this.board = board;
		this.id = id;
	}

	@StreamListener(id = "${bench.listener.id}", stream = "${bench.listener.stream}", group = StarterListeners.GROUP,
			partitions = "${bench.listener.partitions:}", concurrency = "1", start = "earliest")
	void on(String payload) {
		this.board.record(this.id, payload);
	}

}
