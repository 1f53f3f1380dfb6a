package io.github.redismessaging.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a visitor "fix the cause" of failing payments before replaying dead letters.
 */
@RestController
class PaymentController {

	private final PaymentGateway gateway;

	PaymentController(PaymentGateway gateway) {
		this.gateway = gateway;
	}

	@PostMapping("/payments/repair")
	Map<String, Object> repair() {
		this.gateway.repair();
		return Map.of("declineFlaggedOrders", this.gateway.isDecliningFlaggedOrders());
	}

}
