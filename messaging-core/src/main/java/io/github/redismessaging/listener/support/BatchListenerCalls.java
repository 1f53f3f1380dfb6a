package io.github.redismessaging.listener.support;

import java.util.List;

import io.github.redismessaging.listener.BatchListenerFailedException;

/**
 * Calls a batch listener over a batch and hands out each element's outcome. When the listener names the element
 * that failed ({@link BatchListenerFailedException}), the elements before it succeeded, it failed, and the listener is
 * called again at once with the elements after it, which it had not reached: they are neither failed nor delivered
 * twice. Any other exception fails every element of the call. Internal: used by the containers of batch listeners.
 */
public final class BatchListenerCalls {

	private BatchListenerCalls() {
	}

	/**
	 * Calls the listener until every element has an outcome.
	 * @param <T> the type of the items
	 * @param items the items, in the order of their elements
	 * @param elements what the listener gets, one element per item
	 * @param call calls the listener with a list of elements
	 * @param outcomes receives each item's outcome
	 */
	public static <T> void run(List<T> items, List<Object> elements, Call call, Outcomes<T> outcomes) {
		int from = 0;
		while (from < items.size()) {
			List<Object> rest = elements.subList(from, elements.size());
			Throwable failure = null;
			try {
				call.run(rest);
			}
			catch (Throwable ex) {
				failure = ex;
			}
			if (failure == null) {
				items.subList(from, items.size()).forEach(outcomes::succeeded);
				return;
			}
			if (!(failure instanceof BatchListenerFailedException named) || named.getIndex() < 0
					|| named.getIndex() >= rest.size()) {
				Throwable all = failure;
				items.subList(from, items.size()).forEach((item) -> outcomes.failed(item, all));
				return;
			}
			int index = named.getIndex();
			items.subList(from, from + index).forEach(outcomes::succeeded);
			Throwable cause = (named.getCause() != null) ? named.getCause() : named;
			if (Thread.currentThread().isInterrupted()) {
				items.subList(from + index, items.size()).forEach((item) -> outcomes.failed(item, cause));
				return;
			}
			outcomes.failed(items.get(from + index), cause);
			from += index + 1;
		}
	}

	/**
	 * One call of the listener.
	 */
	@FunctionalInterface
	public interface Call {

		/**
		 * Calls the listener.
		 * @param elements the elements of this call
		 * @throws Exception whatever the listener throws
		 */
		void run(List<Object> elements) throws Exception;

	}

	/**
	 * Receives the outcome of each item.
	 * @param <T> the type of the items
	 */
	public interface Outcomes<T> {

		/**
		 * The listener handled the item.
		 * @param item the item
		 */
		void succeeded(T item);

		/**
		 * The listener failed on the item.
		 * @param item the item
		 * @param failure what it threw (for a named element, the exception's cause when it has one)
		 */
		void failed(T item, Throwable failure);

	}

}
