package io.github.redismessaging.sample;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.redismessaging.publish.RedisMessagingTemplate;

/**
 * The HTTP side of the demo: accepts orders into the stream {@code orders} and shows their progress.
 */
@RestController
class OrderController {

	/** How many dead letters to scan for an order; plenty for a demo, bounded for a busy dead-letter stream. */
	private static final int DEAD_LETTER_SCAN = 200;

	private final RedisMessagingTemplate template;

	private final OrderBoard board;

	OrderController(RedisMessagingTemplate template, OrderBoard board) {
		this.template = template;
		this.board = board;
	}

	/**
	 * Appends the order to the stream and answers at once: billing happens asynchronously, so the answer is
	 * {@code 202 Accepted} with the entry id.
	 */
	@PostMapping("/orders")
	ResponseEntity<Map<String, String>> create(@RequestBody Order order) {
		if (order.id() == null || order.id().isBlank() || order.amount() == null || order.amount().signum() <= 0) {
			return ResponseEntity.badRequest().body(Map.of("error", "an order needs an id and a positive amount"));
		}
		String entryId = this.template.append("orders", order);
		this.board.accepted(order, entryId);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("orderId", order.id(), "entryId", entryId));
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<OrderView> get(@PathVariable String id) {
		return this.board.view(id)
			.map((view) -> ResponseEntity.ok(view.withDeadLettered(isDeadLettered(view))))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

	/** Asks Redis, since the dead-letter step happens in a script inside Redis, not in a listener of ours. */
	private boolean isDeadLettered(OrderView view) {
		return this.template.deadLetters("orders", DEAD_LETTER_SCAN)
			.stream()
			.anyMatch((deadLetter) -> view.entryIds().contains(deadLetter.sourceId()));
	}

}
