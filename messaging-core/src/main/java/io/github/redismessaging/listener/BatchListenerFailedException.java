package io.github.redismessaging.listener;

/**
 * Thrown by a batch listener (a method whose payload parameter is a {@code List}) to name the element that failed,
 * as Spring Kafka's {@code BatchListenerFailedException} does. The elements before it count as processed: they are
 * acknowledged (streams) or finished (queues). It and the elements after it follow the listener's failure path one
 * by one: retried, then dead-lettered. Any other exception sends every element of the batch down that path.
 */
public class BatchListenerFailedException extends RuntimeException {

	private final int index;

	/**
	 * Creates the exception.
	 * @param message what went wrong
	 * @param cause the failure of the element, recorded as the reason of its retry or dead letter
	 * @param index the position of the failed element in the list the listener received, from 0
	 */
	public BatchListenerFailedException(String message, Throwable cause, int index) {
		super(message, cause);
		this.index = index;
	}

	/**
	 * Creates the exception without a cause.
	 * @param message what went wrong
	 * @param index the position of the failed element in the list the listener received, from 0
	 */
	public BatchListenerFailedException(String message, int index) {
		super(message);
		this.index = index;
	}

	/**
	 * The position of the failed element in the list the listener received.
	 * @return the index, from 0
	 */
	public int getIndex() {
		return this.index;
	}

}
