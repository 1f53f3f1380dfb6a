package io.github.redismessaging.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The starter's listener on a partitioned stream ({@link TallyListener}), in a context of its own against the
 * cluster ({@link StarterContext#startOnCluster}): one instance, so that it owns all {@value #PARTITIONS} partitions,
 * with one worker per partition as {@code stream-c1} of {@link StarterListeners} has one, and the default batch of
 * 100.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TallyBoard.class, TallyListener.class })
public class PartitionedApplication {

	/** The logical stream; its partitions are {@code {bench:partitioned/0}} and so on. */
	public static final String STREAM = "bench:partitioned";

	/** The number of partitions, as the example has. */
	public static final int PARTITIONS = 12;

	/** The listener's id. */
	public static final String LISTENER_ID = "partitioned";

}
