package io.github.redismessaging.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link PartitionConsumer} JVMs for one {@link PartitionedRun}, on this JVM's class path, and destroys those
 * still alive when closed. Their output goes to {@code target/partitioned-it/<run>-<instance>.log}.
 */
final class PartitionConsumerJvms implements AutoCloseable {

	private static final Path LOGS = Path.of("target", "partitioned-it");

	private final PartitionedRun run;

	private final String clusterNodes;

	private final List<ConsumerJvm> started = new ArrayList<>();

	PartitionConsumerJvms(PartitionedRun run, String clusterNodes) {
		this.run = run;
		this.clusterNodes = clusterNodes;
	}

	/**
	 * Starts an instance; its consumer name is its name.
	 * @param name the instance's name
	 * @return the instance, starting
	 */
	ConsumerJvm start(String name) throws IOException {
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.data.redis.cluster.nodes=" + this.clusterNodes);
		this.run.settings(name).forEach((key, value) -> arguments.add("--" + key + "=" + value));
		ConsumerJvm instance = new ConsumerJvm("PartitionedStreamClusterIT", name, PartitionConsumer.class,
				PartitionConsumer.READY, LOGS.resolve(this.run.name() + "-" + name + ".log"), arguments);
		this.started.add(instance);
		return instance;
	}

	/** Fails if an instance that the test neither stopped nor killed has exited. */
	void assertAlive() {
		this.started.stream().filter((instance) -> !instance.ended()).forEach(ConsumerJvm::assertAlive);
	}

	@Override
	public void close() {
		this.started.forEach(ConsumerJvm::destroy);
	}

}
