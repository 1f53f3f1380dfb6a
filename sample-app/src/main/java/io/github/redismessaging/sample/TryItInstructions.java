package io.github.redismessaging.sample;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints, once the application is ready, the commands that take a visitor through the demo, with the port the
 * application actually listens on.
 */
final class TryItInstructions implements ApplicationListener<ApplicationReadyEvent> {

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
		System.out.println(text("http://localhost:" + port));
	}

	static String text(String base) {
		String json = "-H 'Content-Type: application/json'";
		return """

				=== redis-messaging sample is ready on %1$s ===
				Operations console (listeners, rates, lag, dead letters; replay and pause there):
				  %1$s/redis-messaging/
				Create an order (billed, e-mail queued and sent, status broadcast):
				  curl -s -X POST %1$s/orders %2$s -d '{"id":"42","amount":10.5}'
				Look at it:
				  curl -s %1$s/orders/42
				Create an order that always fails billing (3 deliveries, then dead-lettered to {orders}:dlq, ~10 s):
				  curl -s -X POST %1$s/orders %2$s -d '{"id":"43","amount":99,"fail":true}'
				  curl -s %1$s/orders/43
				List the listeners (state, numbers):
				  curl -s %1$s/actuator/redismessaging
				Read the billing dead letters:
				  curl -s %1$s/actuator/redismessaging/billing/dead-letters
				Fix the cause (the payment provider accepts flagged orders again), then replay the dead letters:
				  curl -s -X POST %1$s/payments/repair
				  curl -s -X POST %1$s/actuator/redismessaging/billing/dead-letters %2$s -d '{"count":10}'
				  curl -s %1$s/orders/43
				Pause and resume a listener:
				  curl -s -X POST %1$s/actuator/redismessaging/emails %2$s -d '{"action":"pause"}'
				  curl -s -X POST %1$s/actuator/redismessaging/emails %2$s -d '{"action":"resume"}'
				Health: curl -s %1$s/actuator/health      Stop: Ctrl-C
				""".formatted(base, json);
	}

}
