package io.github.redismessaging.stream;

/**
 * When a stream listener's entries are acknowledged.
 */
public enum AckMode {

	/** After the listener method returns normally. */
	AUTO,

	/** When the listener calls {@code Acknowledgment.acknowledge()}. */
	MANUAL,

	/** Never: entries are read with NOACK and are not pending (at most once). */
	NONE

}
