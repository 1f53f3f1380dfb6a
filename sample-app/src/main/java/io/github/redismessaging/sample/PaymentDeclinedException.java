package io.github.redismessaging.sample;

/**
 * Thrown when the simulated payment provider declines an order; billing lets it propagate so that the stream
 * listener redelivers the entry and finally dead-letters it.
 */
class PaymentDeclinedException extends RuntimeException {

	PaymentDeclinedException(String message) {
		super(message);
	}

}
