package io.github.redismessaging.listener.support;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.redismessaging.listener.ErrorAction;
import io.github.redismessaging.listener.FailedMessage;
import io.github.redismessaging.listener.RedisListenerErrorHandler;

/**
 * The {@link RedisListenerErrorHandler} of one listener, called so that it cannot break the failure path: without a
 * handler, or when it throws or answers {@code null}, the answer is {@link ErrorAction#RETRY}. Internal: used by the
 * failure lifecycles of streams and queues.
 */
public final class ListenerErrorHandling {

	private static final Log logger = LogFactory.getLog(ListenerErrorHandling.class);

	private final String listenerId;

	private final @Nullable RedisListenerErrorHandler handler;

	private final ThrottledLog stackTraces = new ThrottledLog(logger, Duration.ofMinutes(1));

	/**
	 * Creates the handling.
	 * @param listenerId the listener id, for messages
	 * @param handler the handler, or {@code null} for none
	 */
	public ListenerErrorHandling(String listenerId, @Nullable RedisListenerErrorHandler handler) {
		this.listenerId = listenerId;
		this.handler = handler;
	}

	/**
	 * Handling without a handler: every failure takes the failure path.
	 * @param listenerId the listener id
	 * @return the handling
	 */
	public static ListenerErrorHandling none(String listenerId) {
		return new ListenerErrorHandling(listenerId, null);
	}

	/**
	 * Asks the handler what to do with a failed message.
	 * @param message the message, built only when there is a handler
	 * @param failure what the listener threw
	 * @return the action
	 */
	public ErrorAction decide(Supplier<FailedMessage> message, Throwable failure) {
		if (this.handler == null) {
			return ErrorAction.RETRY;
		}
		try {
			ErrorAction action = this.handler.handle(message.get(), failure);
			return (action != null) ? action : ErrorAction.RETRY;
		}
		catch (Exception | Error ex) {
			if (ex instanceof VirtualMachineError fatal) {
				throw fatal;
			}
			this.stackTraces.warn("handler", "The error handler of listener '" + this.listenerId + "' threw "
					+ ex.getClass().getName() + ": " + ex.getMessage() + "; the failure takes the failure path", ex);
			return ErrorAction.RETRY;
		}
	}

}
