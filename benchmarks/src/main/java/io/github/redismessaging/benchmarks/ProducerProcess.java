package io.github.redismessaging.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * The producer of the end-to-end scenarios, in a JVM of its own: it appends or publishes while a contender consumes,
 * and its CPU time is therefore not in the client CPU measured for the contender (the benchmark JVM's). It is the
 * same {@link Producer} as the backlogs use (pipelined on one connection), with each batch written at once so that
 * it outpaces every consumer: end to end then measures the consumer, not the producer. It is started once and kept for the whole run, so that its JIT is as warm for the last contender as for the first. The harness sends
 * one line per batch ({@code stream <key> <count>}, {@code publish <channel> <count>} or, on a cluster,
 * {@code partitioned <stream> <count> <partitions>}) and waits for {@code done}.
 */
public final class ProducerProcess implements AutoCloseable {

	/** The first argument of a producer JVM that connects to a cluster. */
	private static final String CLUSTER = "--cluster";

	private final Process process;

	private final PrintStream commands;

	private final BufferedReader replies;

	private ProducerProcess(Process process) {
		this.process = process;
		this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
		this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Starts the producer JVM, connected to the server.
	 * @param redis the server
	 * @return the running producer
	 */
	public static ProducerProcess start(Redis redis) {
		return start(List.of(redis.server().host(), Integer.toString(redis.server().port())));
	}

	/**
	 * Starts a producer JVM connected to a cluster.
	 * @param cluster the cluster
	 * @return the running producer
	 */
	public static ProducerProcess start(ClusterRedis cluster) {
		return start(List.of(CLUSTER, cluster.cluster().nodeAddresses()));
	}

	private static ProducerProcess start(List<String> target) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				ProducerProcess.class.getName()));
		command.addAll(target);
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			ProducerProcess producer = new ProducerProcess(process);
			producer.await("ready");
			return producer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the producer JVM", ex);
		}
	}

	/**
	 * Appends {@code count} entries to a stream, as {@link Producer#fillStream} does, and returns when all are in.
	 * @param stream the stream
	 * @param count how many, numbered from 0
	 */
	public void fillStream(String stream, int count) {
		send("stream " + stream + " " + count);
	}

	/**
	 * Appends {@code count} entries with random record keys to a partitioned stream, as
	 * {@link Producer#fillPartitioned} does, and returns when all are in.
	 * @param stream the logical stream
	 * @param partitions its number of partitions
	 * @param count how many, numbered from 0
	 */
	public void fillPartitioned(String stream, int partitions, int count) {
		send("partitioned " + stream + " " + count + " " + partitions);
	}

	/**
	 * Publishes {@code count} messages, as {@link Producer#publish} does, and returns when all are published.
	 * @param channel the channel
	 * @param count how many, numbered from 0
	 */
	public void publish(String channel, int count) {
		send("publish " + channel + " " + count);
	}

	private void send(String line) {
		this.commands.println(line);
		await("done");
	}

	private void await(String expected) {
		try {
			String reply = this.replies.readLine();
			if (!expected.equals(reply)) {
				throw new IllegalStateException("producer JVM replied '" + reply + "', expected '" + expected + "'");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("producer JVM did not reply", ex);
		}
	}

	@Override
	public void close() {
		this.commands.close();
		try {
			if (this.process.waitFor(10, TimeUnit.SECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
	}

	/**
	 * The producer JVM: reads one command per line from standard input until it closes.
	 * @param args host and port of the server, or {@value #CLUSTER} and the cluster's {@code host:port,...}
	 * @throws IOException if standard input fails
	 */
	public static void main(String[] args) throws IOException {
		// Standard output carries the replies alone: anything else that prints goes to standard error.
		PrintStream replies = System.out;
		System.setOut(System.err);
		AbstractRedisClient client = CLUSTER.equals(args[0])
				? RedisClusterClient.create(Arrays.stream(args[1].split(",")).map(ProducerProcess::uri).toList())
				: RedisClient.create(uri(args[0] + ":" + args[1]));
		try (Producer producer = producer(client)) {
			BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			replies.println("ready");
			replies.flush();
			for (String line = input.readLine(); line != null; line = input.readLine()) {
				String[] command = line.split(" ");
				int count = Integer.parseInt(command[2]);
				switch (command[0]) {
					case "stream" -> producer.fillStream(command[1], count);
					case "publish" -> producer.publish(command[1], count);
					case "partitioned" -> producer.fillPartitioned(command[1], Integer.parseInt(command[3]), count);
					default -> throw new IllegalArgumentException("unknown producer command: " + line);
				}
				replies.println("done");
				replies.flush();
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static Producer producer(AbstractRedisClient client) {
		RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<String, byte[]> connection = cluster.connect(codec);
			// Open the connection to every node now: with batched writes, a command that waits for its node's
			// connection to open could be written after the flush of its batch, and wait for the next one.
			connection.getPartitions().forEach((node) -> connection.getConnection(node.getNodeId()).sync().ping());
			return new Producer(connection, connection.async(), true);
		}
		return new Producer(((RedisClient) client).connect(codec), true);
	}

	private static RedisURI uri(String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		RedisURI uri = RedisURI.create(hostAndPort.substring(0, colon),
				Integer.parseInt(hostAndPort.substring(colon + 1)));
		uri.setTimeout(Duration.ofSeconds(30));
		return uri;
	}

}
