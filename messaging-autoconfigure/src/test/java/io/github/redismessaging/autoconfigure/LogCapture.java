package io.github.redismessaging.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Collects the warnings and errors a package logs while a test runs, to count log lines and stack traces.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final Logger logger;

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private LogCapture(String loggerName) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
	}

	static LogCapture of(String loggerName) {
		LogCapture capture = new LogCapture(loggerName);
		capture.start();
		capture.logger.addAppender(capture);
		return capture;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
			this.events.add(event);
		}
	}

	/**
	 * The warnings and errors so far, one line each.
	 */
	List<String> lines() {
		return this.events.stream().map((event) -> event.getLevel() + " " + event.getFormattedMessage()).toList();
	}

	/**
	 * The warnings and errors so far that carried a stack trace, one line each.
	 */
	List<String> linesWithStackTrace() {
		return this.events.stream()
			.filter((event) -> event.getThrowableProxy() != null)
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
			.toList();
	}

	/**
	 * The warnings and errors so far that carried a stack trace.
	 */
	long stackTraces() {
		return this.events.stream().filter((event) -> event.getThrowableProxy() != null).count();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		stop();
	}

}
