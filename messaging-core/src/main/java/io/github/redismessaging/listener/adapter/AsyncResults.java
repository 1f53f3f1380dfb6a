package io.github.redismessaging.listener.adapter;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;

/**
 * The return types a listener method may have, and how their outcome is awaited: {@code void}, a
 * {@link CompletionStage} (such as {@link CompletableFuture}), or a Reactor {@link Mono} (Reactor comes with
 * Lettuce). An asynchronous result is awaited on the worker thread, never on a fetch thread, before the message
 * is acknowledged or finished; a failed or timed-out result goes down the failure path like a thrown exception.
 */
final class AsyncResults {

	private AsyncResults() {
	}

	/**
	 * Whether a method's return type is supported.
	 */
	static boolean isSupported(Method method) {
		Class<?> type = method.getReturnType();
		return type == void.class || type == Void.class || CompletionStage.class.isAssignableFrom(type)
				|| Mono.class.isAssignableFrom(type);
	}

	static String supportedTypes() {
		return "void, CompletionStage<?> (CompletableFuture<?>) or Mono<?>";
	}

	/**
	 * Waits for a listener's result.
	 * @param result what the method returned
	 * @param timeout how long to wait for an asynchronous result
	 * @throws Exception the result's failure, or a {@link TimeoutException} naming the timeout
	 */
	static void await(@Nullable Object result, Duration timeout) throws Exception {
		CompletableFuture<?> future = toFuture(result);
		if (future == null) {
			return;
		}
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new TimeoutException("the listener's asynchronous result did not complete within " + timeout);
		}
	}

	private static @Nullable CompletableFuture<?> toFuture(@Nullable Object result) {
		if (result instanceof CompletionStage<?> stage) {
			return stage.toCompletableFuture();
		}
		if (result instanceof Mono<?> mono) {
			return mono.toFuture();
		}
		return null;
	}

}
