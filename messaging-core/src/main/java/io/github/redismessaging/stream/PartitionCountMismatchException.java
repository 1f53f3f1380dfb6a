package io.github.redismessaging.stream;

/**
 * Thrown when a partitioned stream is declared with another partition count than the one recorded in its
 * {@code {stream}:meta} hash. The count is fixed when the stream is first declared, since every record key's
 * partition depends on it: a producer or listener with another count would put or look for entries elsewhere.
 */
public class PartitionCountMismatchException extends IllegalStateException {

	private final String stream;

	private final int recorded;

	private final int requested;

	/**
	 * Creates the exception.
	 * @param stream the logical stream's name
	 * @param metaKey the key that records the count, with the key prefix
	 * @param recorded the count recorded there
	 * @param requested the count asked for
	 */
	public PartitionCountMismatchException(String stream, String metaKey, int recorded, int requested) {
		super("stream '" + stream + "' has " + recorded + " partitions recorded in " + metaKey + ", but " + requested
				+ " were asked for; the count is fixed at creation: use " + recorded + ", or a new stream name");
		this.stream = stream;
		this.recorded = recorded;
		this.requested = requested;
	}

	/**
	 * The logical stream's name.
	 * @return the name, without the key prefix
	 */
	public String stream() {
		return this.stream;
	}

	/**
	 * The partition count recorded in Redis.
	 * @return the count the stream has
	 */
	public int recorded() {
		return this.recorded;
	}

	/**
	 * The partition count asked for.
	 * @return the count that differs from {@link #recorded()}
	 */
	public int requested() {
		return this.requested;
	}

}
