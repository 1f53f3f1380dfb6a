package io.github.redismessaging.benchmarks;

/**
 * One way of consuming messages, measured against the others in the same run. Connections, clients and Spring
 * contexts are opened once (in the constructor or a factory) so that a run measures consumption only.
 */
public interface Contender extends AutoCloseable {

	/** @return the name printed in the table */
	String name();

	/** @return the stream, list or channel this contender consumes */
	String key();

	/**
	 * Called before a run's messages are produced: empties the key and creates the group, subscription or whatever
	 * must exist so that the produced messages are the contender's to take.
	 */
	void prepare();

	/**
	 * Starts consuming into the tally. The clock of a run starts just before this call.
	 * @param tally where received messages are recorded
	 */
	void start(Tally tally);

	/** Stops consuming after a run; returns when nothing is taken any more. */
	void stop();

	@Override
	void close();

}
