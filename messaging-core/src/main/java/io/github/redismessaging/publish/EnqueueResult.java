package io.github.redismessaging.publish;

/**
 * What an enqueue with {@link EnqueueOptions} did.
 *
 * @param id the id of the new item when it was enqueued; otherwise the id of the job that holds the unique key
 * @param enqueued whether the item was added; {@code false} when a job with the same unique key is queued, delayed or
 * leased, and nothing was written
 */
public record EnqueueResult(String id, boolean enqueued) {

}
