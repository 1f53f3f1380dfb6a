package io.github.redismessaging.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts what one contender received in one run: distinct sequence numbers in a bitmap (so a duplicate cannot
 * hide a loss), duplicates, the instant of the last new message and, optionally, end-to-end latencies.
 * <p>
 * Every contender calls {@link #record(String)} with the text it received, so the per-message work measured is the
 * same for all of them: UTF-8 decoding (done by the contender), finding the sequence number, one atomic bit.
 */
public final class Tally {

	private final int expected;

	private final AtomicLongArray seen;

	private final AtomicInteger distinct = new AtomicInteger();

	private final AtomicInteger duplicates = new AtomicInteger();

	private final AtomicLong lastNanos = new AtomicLong();

	private final AtomicLong firstNanos = new AtomicLong();

	private final long[] latencies;

	private final AtomicInteger latencyCount = new AtomicInteger();

	private volatile long completedNanos;

	private Tally(int expected, boolean latency) {
		this.expected = expected;
		this.seen = new AtomicLongArray((expected >> 6) + 1);
		this.latencies = latency ? new long[expected] : null;
	}

	/**
	 * Creates a tally for throughput runs.
	 * @param expected how many distinct messages are sent, numbered {@code 0..expected-1}
	 * @return a new tally
	 */
	public static Tally of(int expected) {
		return new Tally(expected, false);
	}

	/**
	 * Creates a tally that also records the latency of each message from the send time in its payload.
	 * @param expected how many messages are sent
	 * @return a new tally
	 */
	public static Tally withLatency(int expected) {
		return new Tally(expected, true);
	}

	/**
	 * Records one received message.
	 * @param text the payload or envelope as text
	 */
	public void record(String text) {
		long now = System.nanoTime();
		int seq = Payloads.seq(text);
		if (this.latencies != null) {
			int slot = this.latencyCount.getAndIncrement();
			if (slot < this.latencies.length) {
				this.latencies[slot] = now - Payloads.sendNanos(text);
			}
		}
		long bit = 1L << (seq & 63);
		long before = this.seen.getAndUpdate(seq >> 6, (word) -> word | bit);
		if ((before & bit) != 0) {
			this.duplicates.incrementAndGet();
			return;
		}
		this.firstNanos.compareAndSet(0, now);
		this.lastNanos.accumulateAndGet(now, Math::max);
		if (this.distinct.incrementAndGet() == this.expected) {
			this.completedNanos = now;
		}
	}

	/**
	 * Waits until every message arrived, or until none arrived for {@code quietMillis}, or {@code timeout}.
	 * Polling with a short park is fine here: the completion instant is taken by the receiving thread itself.
	 * @param quietMillis how long without progress counts as "the rest is lost"
	 * @param timeoutMillis the overall bound
	 * @return whether all messages arrived
	 */
	public boolean awaitAll(long quietMillis, long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		int last = -1;
		long lastProgress = System.nanoTime();
		while (this.completedNanos == 0) {
			long now = System.nanoTime();
			int current = this.distinct.get();
			if (current != last) {
				last = current;
				lastProgress = now;
			}
			if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(quietMillis) || now > deadline) {
				return false;
			}
			LockSupport.parkNanos(200_000);
		}
		return true;
	}

	/** @return the number of messages sent */
	public int expected() {
		return this.expected;
	}

	/** @return distinct messages received */
	public int distinct() {
		return this.distinct.get();
	}

	/** @return messages received more than once */
	public int duplicates() {
		return this.duplicates.get();
	}

	/** @return messages never received */
	public int lost() {
		return this.expected - this.distinct.get();
	}

	/** @return {@link System#nanoTime()} of the first message, 0 if none */
	public long firstNanos() {
		return this.firstNanos.get();
	}

	/** @return {@link System#nanoTime()} of the last new message, 0 if none */
	public long lastNanos() {
		return this.lastNanos.get();
	}

	/**
	 * Returns recorded latencies, sorted.
	 * @return latencies in nanoseconds
	 */
	public long[] sortedLatencies() {
		long[] copy = Arrays.copyOf(this.latencies, Math.min(this.latencyCount.get(), this.latencies.length));
		Arrays.sort(copy);
		return copy;
	}

}
