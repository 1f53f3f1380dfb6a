package io.github.redismessaging.metrics;

import java.util.Map;

import io.micrometer.observation.Observation;

import io.github.redismessaging.metrics.ListenerMetrics.Outcome;

/**
 * Times handling with the listener's plain timer, while observations are off.
 */
final class TimerProcessTiming implements ProcessTiming {

	private final ListenerMetrics metrics;

	TimerProcessTiming(ListenerMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public boolean readsHeaders() {
		return false;
	}

	@Override
	public Sample start(String destination, Map<String, ?> headers) {
		return new TimerSample(this.metrics, destination, System.nanoTime());
	}

	private static final class TimerSample implements Sample {

		private final ListenerMetrics metrics;

		private final String destination;

		private final long start;

		private boolean stopped;

		TimerSample(ListenerMetrics metrics, String destination, long start) {
			this.metrics = metrics;
			this.destination = destination;
			this.start = start;
		}

		@Override
		public Observation.Scope openScope() {
			return Observation.Scope.NOOP;
		}

		@Override
		public void failed(Throwable failure) {
		}

		@Override
		public void stop(Outcome outcome) {
			if (!this.stopped) {
				this.stopped = true;
				this.metrics.processed(this.destination, outcome, System.nanoTime() - this.start);
			}
		}

	}

}
