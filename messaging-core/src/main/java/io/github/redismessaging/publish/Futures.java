package io.github.redismessaging.publish;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Waits for Lettuce replies on behalf of the template's blocking API, unwrapping Redis errors.
 */
final class Futures {

	private Futures() {
	}

	static <T> T await(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

}
