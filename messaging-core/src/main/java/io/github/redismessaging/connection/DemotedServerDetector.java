package io.github.redismessaging.connection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Watches the replies of a connection's commands for {@code READONLY}: the server was a master when the connection
 * was opened and has been demoted to a replica since, as a graceful Sentinel failover does to the old master
 * without closing its connections. Lettuce keeps such a connection, and every write on it fails for as long as it
 * lives; the detector reports the first such reply so that the connection can be replaced by one to the current
 * master. It reports timeouts too: on Sentinel, a paused master may have been replaced meanwhile.
 */
final class DemotedServerDetector {

	private DemotedServerDetector() {
	}

	/**
	 * Wraps a connection's commands: each command is passed on as it is, and a {@code READONLY} reply to any of them
	 * runs {@code demoted}, a timeout runs {@code timedOut} (on Lettuce's event loop: neither may block).
	 * @param commands the commands of the connection
	 * @param demoted what to do once the server answered {@code READONLY}
	 * @param timedOut what to do when a command timed out (the server may be paused, and replaced)
	 * @return the commands, watched
	 */
	@SuppressWarnings("unchecked")
	static RedisClusterAsyncCommands<byte[], byte[]> watch(RedisClusterAsyncCommands<byte[], byte[]> commands,
			Runnable demoted, Runnable timedOut) {
		return (RedisClusterAsyncCommands<byte[], byte[]>) Proxy.newProxyInstance(
				RedisClusterAsyncCommands.class.getClassLoader(), new Class<?>[] { RedisClusterAsyncCommands.class },
				(proxy, method, args) -> {
					Object result;
					try {
						result = method.invoke(commands, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
					if (result instanceof CompletionStage<?> stage) {
						stage.whenComplete((value, failure) -> {
							if (isReadOnly(failure)) {
								demoted.run();
							}
							else if (unwrap(failure) instanceof RedisCommandTimeoutException) {
								timedOut.run();
							}
						});
					}
					return result;
				});
	}

	static boolean isReadOnly(@Nullable Throwable failure) {
		Throwable cause = unwrap(failure);
		return cause instanceof RedisReadOnlyException
				|| (cause != null && String.valueOf(cause.getMessage()).startsWith("READONLY"));
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException || cause instanceof ExecutionException) {
			cause = cause.getCause();
		}
		return cause;
	}

}
