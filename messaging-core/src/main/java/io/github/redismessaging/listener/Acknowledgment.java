package io.github.redismessaging.listener;

/**
 * Acknowledges a message from a listener that handles acknowledgment itself ({@code ackMode = MANUAL}).
 * A message that is not acknowledged stays pending and is delivered again by pending recovery.
 */
@FunctionalInterface
public interface Acknowledgment {

	/**
	 * Acknowledges the message. Acknowledgments are batched; calling this more than once has no further effect.
	 */
	void acknowledge();

}
