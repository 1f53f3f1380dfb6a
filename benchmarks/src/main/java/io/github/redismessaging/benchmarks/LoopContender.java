package io.github.redismessaging.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the hand-written and peer-library loops: {@code threads} plain threads that run {@link #poll} until
 * stopped. Each thread owns what it blocks on, so one thread's blocking read never delays another's.
 */
abstract class LoopContender implements Contender {

	private final String name;

	private final String key;

	private final int threads;

	private final List<Thread> running = new ArrayList<>();

	private volatile boolean stopping;

	LoopContender(String name, String key, int threads) {
		this.name = name;
		this.key = key;
		this.threads = threads;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public void start(Tally tally) {
		this.stopping = false;
		for (int i = 0; i < this.threads; i++) {
			int worker = i;
			Thread thread = new Thread(() -> {
				while (!this.stopping) {
					poll(worker, tally);
				}
			}, this.name + "-" + i);
			thread.setDaemon(true);
			thread.start();
			this.running.add(thread);
		}
	}

	/**
	 * Takes what one blocking read returns (blocking at most a few hundred milliseconds) and records it.
	 * @param worker the thread's index, to pick its connection
	 * @param tally where to record
	 */
	protected abstract void poll(int worker, Tally tally);

	/** Lets a thread that blocks without a timeout return; called after the stop flag is set. */
	protected void wakeUp() {
	}

	@Override
	public void stop() {
		this.stopping = true;
		wakeUp();
		for (Thread thread : this.running) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.running.clear();
	}

	/** @return whether {@link #stop()} was called */
	protected boolean stopping() {
		return this.stopping;
	}

}
