package io.github.redismessaging.sample;

import java.math.BigDecimal;

/**
 * An order as posted to {@code POST /orders} and carried, as JSON, in the stream {@code orders}.
 *
 * @param id the order id, chosen by the client
 * @param amount the amount to bill
 * @param fail whether the (simulated) payment provider should decline it; {@code null} means no
 */
record Order(String id, BigDecimal amount, Boolean fail) {

	boolean failing() {
		return Boolean.TRUE.equals(this.fail);
	}

}
