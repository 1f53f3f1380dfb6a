package io.github.redismessaging.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the node does not know it yet (after a restart, a
 * failover, or on a master that never ran it); EVAL also caches it there.
 */
public final class RedisScript {

	private final byte[] source;

	private final String sha;

	/**
	 * Creates the script.
	 * @param source the Lua source
	 */
	public RedisScript(String source) {
		this.source = source.getBytes(StandardCharsets.UTF_8);
		this.sha = sha1Hex(this.source);
	}

	/**
	 * Runs the script.
	 * @param <T> the reply type
	 * @param commands where to run it; in a cluster, routed by the first key
	 * @param type the reply type
	 * @param keys the keys, all in one slot
	 * @param args the arguments
	 * @return the reply
	 */
	public <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> commands, ScriptOutputType type,
			byte[][] keys, byte[]... args) {
		CompletableFuture<T> result = new CompletableFuture<>();
		commands.<T>evalsha(this.sha, type, keys, args).whenComplete((value, ex) -> {
			if (ex == null) {
				result.complete(value);
			}
			else if (isNoScript(ex)) {
				commands.<T>eval(this.source, type, keys, args).whenComplete((retried, retryEx) -> {
					if (retryEx == null) {
						result.complete(retried);
					}
					else {
						result.completeExceptionally(retryEx);
					}
				});
			}
			else {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	private static boolean isNoScript(Throwable ex) {
		return ex instanceof RedisNoScriptException || String.valueOf(ex.getMessage()).startsWith("NOSCRIPT");
	}

	/**
	 * The SHA-1 of some bytes in lower-case hex, as Redis computes it for scripts and {@code redis.sha1hex}.
	 * @param source the bytes
	 * @return 40 hex digits
	 */
	public static String sha1Hex(byte[] source) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by the JVM specification", ex);
		}
	}

}
