package io.github.redismessaging.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer of a crash test, writing in a background thread: item n = 0, 1, 2, ... with {@link #produce(int)},
 * one every {@code paceMillis} (none with 0), until {@link #finish()} once at least {@code minimum} are written, or
 * until {@link #close()}. A subclass starts the thread with {@link #start()} at the end of its constructor.
 */
abstract class BackgroundProducer implements AutoCloseable {

	private final int minimum;

	private final long paceNanos;

	private final String writing;

	private final Thread thread;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private volatile boolean finish;

	private volatile boolean closed;

	/**
	 * @param threadName the name of the thread
	 * @param writing what the producer does, in the assertion that it is done ("writing")
	 * @param minimum how many items at least
	 * @param paceMillis the pause after each item
	 */
	BackgroundProducer(String threadName, String writing, int minimum, long paceMillis) {
		this.minimum = minimum;
		this.paceNanos = TimeUnit.MILLISECONDS.toNanos(paceMillis);
		this.writing = writing;
		this.thread = new Thread(this::run, threadName);
	}

	/** Starts writing; the last statement of the subclass's constructor. */
	protected final void start() {
		this.thread.start();
	}

	/**
	 * Writes item n.
	 * @param n the item's number, from 0
	 * @throws Exception when it cannot: the producer stops, and {@link #awaitWritten} fails
	 */
	protected abstract void produce(int n) throws Exception;

	/** Whether {@link #close()} was called: the producer stops. */
	protected final boolean closed() {
		return this.closed;
	}

	private void run() {
		try {
			for (int n = 0; !this.closed && !(this.finish && n >= this.minimum); n++) {
				produce(n);
				if (this.paceNanos > 0) {
					LockSupport.parkNanos(this.paceNanos);
				}
			}
		}
		catch (Throwable ex) {
			this.failure.set(ex);
		}
	}

	/** Stops writing once the minimum is written. */
	void finish() {
		this.finish = true;
	}

	void awaitWritten(Duration timeout) throws InterruptedException {
		this.thread.join(timeout.toMillis());
		assertThat(this.thread.isAlive()).as("producer still " + this.writing + " after " + timeout).isFalse();
		assertThat(this.failure.get()).as("producer failure").isNull();
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.thread.join();
	}

}
