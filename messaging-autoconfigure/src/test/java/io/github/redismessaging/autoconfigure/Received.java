package io.github.redismessaging.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What test listeners received, in arrival order.
 */
final class Received {

	private final List<String> items = new CopyOnWriteArrayList<>();

	void add(String item) {
		this.items.add(item);
	}

	List<String> items() {
		return List.copyOf(this.items);
	}

	long count(String item) {
		return this.items.stream().filter(item::equals).count();
	}

	boolean contains(String item) {
		return this.items.contains(item);
	}

}
