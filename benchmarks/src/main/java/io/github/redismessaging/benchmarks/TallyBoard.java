package io.github.redismessaging.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes what the starter's listener methods receive to the tally of the current run. A listener whose turn it is
 * not has no tally, and what it might receive is ignored (it receives nothing: it is paused or its key is idle).
 */
public final class TallyBoard {

	private final Map<String, Tally> current = new ConcurrentHashMap<>();

	/**
	 * Records a message for a listener.
	 * @param listenerId the listener
	 * @param text the payload
	 */
	public void record(String listenerId, String text) {
		Tally tally = this.current.get(listenerId);
		if (tally != null) {
			tally.record(text);
		}
	}

	void begin(String listenerId, Tally tally) {
		this.current.put(listenerId, tally);
	}

	void end(String listenerId) {
		this.current.remove(listenerId);
	}

}
