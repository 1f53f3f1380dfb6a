package io.github.redismessaging.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings every listener kind has: the base of the {@code redis.messaging.<kind>.defaults} blocks and of the
 * per-listener {@code redis.messaging.listeners.<id>} blocks. A value left unset ({@code null}) keeps the value of
 * the layer below it, and in the end the library's default.
 * <p>
 * Each property's name is the listener attribute it sets ({@link PropertiesListenerSettingsSource}), so that a
 * property and an annotation attribute cannot differ.
 */
public abstract class ListenerSettings {

	/**
	 * Worker threads per listener. With more than one, a stream listener handles entries in parallel and does not
	 * keep their order; a subscriber still keeps the order of each channel's messages. Default: 1.
	 */
	private @Nullable Integer concurrency;

	/**
	 * Whether listeners start with the application context. Default: true.
	 */
	private @Nullable Boolean autoStartup;

	/**
	 * How long stopping a listener waits for the messages in hand: a subscriber's buffered messages; a stream
	 * listener's entries (the rest stay pending); a queue listener's items (those never started go back to the queue
	 * at once, handled ones leave their takes, the rest stay in their takes until the takes' leases expire).
	 * Default: 10s for subscribers, 30s for stream and queue listeners.
	 */
	private @Nullable Duration shutdownTimeout;

	/**
	 * How long a listener's asynchronous result (CompletionStage, Mono) is awaited before it counts as failed (a
	 * TimeoutException down the failure path). Default: 30s.
	 */
	private @Nullable Duration asyncTimeout;

	public @Nullable Integer getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(@Nullable Integer concurrency) {
		this.concurrency = concurrency;
	}

	public @Nullable Boolean getAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(@Nullable Boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public @Nullable Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable Duration getAsyncTimeout() {
		return this.asyncTimeout;
	}

	public void setAsyncTimeout(@Nullable Duration asyncTimeout) {
		this.asyncTimeout = asyncTimeout;
	}

}
