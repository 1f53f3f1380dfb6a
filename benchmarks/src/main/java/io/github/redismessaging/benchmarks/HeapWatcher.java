package io.github.redismessaging.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Heap high-water marks of this JVM: the heap in use right after each garbage collection (what is really held:
 * the number that must stay bounded by batch and hand-off sizes), and the raw heap in use sampled every 10 ms
 * (which includes garbage not collected yet, so it mostly shows how much heap the collector chose to use).
 * Every 500 ms it also hints a full collection ({@link System#gc()}), so that the after-GC figure includes the
 * old generation's live set and does not depend on when the collector happens to run.
 */
final class HeapWatcher implements AutoCloseable {

	private final AtomicLong peakAfterGc = new AtomicLong();

	private final AtomicLong peakSampled = new AtomicLong();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final NotificationListener listener = this::onGc;

	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
		.stream()
		.filter((pool) -> pool.getType() == MemoryType.HEAP)
		.map(MemoryPoolMXBean::getName)
		.collect(Collectors.toSet());

	private final Thread sampler;

	private volatile boolean running = true;

	HeapWatcher() {
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (gc instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this.listener, null, null);
				this.emitters.add(emitter);
			}
		}
		this.sampler = new Thread(() -> {
			long nextGc = System.nanoTime();
			while (this.running) {
				if (System.nanoTime() >= nextGc) {
					System.gc();
					nextGc = System.nanoTime() + 500_000_000L;
				}
				long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
				this.peakSampled.accumulateAndGet(used, Math::max);
				java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
			}
		}, "heap-sampler");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	private void onGc(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		long used = 0;
		for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
			if (this.heapPools.contains(entry.getKey())) {
				MemoryUsage usage = entry.getValue();
				used += usage.getUsed();
			}
		}
		this.peakAfterGc.accumulateAndGet(used, Math::max);
	}

	/** @return the largest heap in use right after a collection, bytes */
	long peakAfterGc() {
		return this.peakAfterGc.get();
	}

	/** @return the largest heap in use sampled, bytes */
	long peakSampled() {
		return this.peakSampled.get();
	}

	@Override
	public void close() {
		this.running = false;
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this.listener);
			}
			catch (Exception ex) {
				// already removed: nothing to undo
			}
		}
	}

}
