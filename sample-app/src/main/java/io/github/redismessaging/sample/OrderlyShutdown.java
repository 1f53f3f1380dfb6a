package io.github.redismessaging.sample;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/**
 * Makes Ctrl-C (SIGINT) and SIGTERM close the application context <em>before</em> the JVM runs its shutdown hooks.
 * <p>
 * Why: {@code messaging-test} closes every embedded Redis from a JVM shutdown hook of its own, as a safety net for
 * aborted test runs. JVM shutdown hooks run concurrently, so on a plain SIGTERM that hook kills the cluster while
 * Spring Boot's hook is still stopping the listeners: their last acknowledgments fail and the log fills with
 * connection errors. Closing the context first, from the signal handler, stops the listeners while Redis is
 * still up; the context then closes the cluster (a disposable bean), and only then does the JVM exit.
 */
final class OrderlyShutdown {

	private OrderlyShutdown() {
	}

	/**
	 * Installs the handlers for SIGINT and SIGTERM.
	 * @param context the running application context
	 */
	static void install(ConfigurableApplicationContext context) {
		AtomicBoolean stopping = new AtomicBoolean();
		for (String name : new String[] { "INT", "TERM" }) {
			Signal signal = new Signal(name);
			Signal.handle(signal, (received) -> {
				// spring-boot:run forwards a Ctrl-C as SIGTERM a few seconds later; closing twice would not help.
				if (stopping.compareAndSet(false, true)) {
					context.close();
					// The stop was asked for and completed: exit 0, so that spring-boot:run does not report a
					// failed build after Ctrl-C.
					System.exit(0);
				}
			});
		}
	}

}
