package io.github.redismessaging.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's opinion of the cluster, parsed from {@code CLUSTER NODES}.
 */
final class ClusterView {

	static final int SLOTS = 16384;

	private final String raw;

	private final Map<String, Entry> entries;

	private final String[] owners = new String[SLOTS];

	private ClusterView(String raw, Map<String, Entry> entries) {
		this.raw = raw;
		this.entries = entries;
		for (Entry entry : entries.values()) {
			for (int[] range : entry.slotRanges()) {
				Arrays.fill(this.owners, range[0], range[1] + 1, entry.id());
			}
		}
	}

	static ClusterView parse(String clusterNodes) {
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (String line : clusterNodes.split("\n")) {
			if (!line.isBlank()) {
				Entry entry = Entry.parse(line.trim());
				entries.put(entry.id(), entry);
			}
		}
		return new ClusterView(clusterNodes, entries);
	}

	List<Entry> entries() {
		return new ArrayList<>(this.entries.values());
	}

	Entry get(String id) {
		return this.entries.get(id);
	}

	Entry myself() {
		return this.entries.values().stream().filter((entry) -> entry.flags().contains("myself")).findFirst()
			.orElseThrow(() -> new IllegalStateException("No 'myself' in CLUSTER NODES:\n" + this.raw));
	}

	Entry byPort(int port) {
		return this.entries.values().stream().filter((entry) -> entry.port() == port).findFirst().orElse(null);
	}

	/** Returns the owner id of each slot, {@code null} for unassigned slots. */
	String[] owners() {
		return this.owners.clone();
	}

	String ownerOf(int slot) {
		return this.owners[slot];
	}

	int slotCount(String id) {
		int count = 0;
		for (String owner : this.owners) {
			if (id.equals(owner)) {
				count++;
			}
		}
		return count;
	}

	String raw() {
		return this.raw;
	}

	/**
	 * One line of {@code CLUSTER NODES}.
	 *
	 * @param id the node id
	 * @param host the announced ip, empty while unknown
	 * @param port the data port
	 * @param flags for example {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail},
	 * {@code handshake}
	 * @param masterId the master's id for replicas, otherwise {@code null}
	 * @param linkState {@code connected} or {@code disconnected}
	 * @param slotRanges inclusive slot ranges owned by the node
	 */
	record Entry(String id, String host, int port, Set<String> flags, String masterId, String linkState,
			List<int[]> slotRanges) {

		static Entry parse(String line) {
			String[] fields = line.split(" ");
			String address = fields[1];
			int at = address.indexOf('@');
			String hostPort = (at >= 0) ? address.substring(0, at) : address;
			int colon = hostPort.lastIndexOf(':');
			List<int[]> ranges = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				// "[slot->-id]" entries describe an ongoing migration, not ownership.
				if (!fields[i].startsWith("[")) {
					String[] bounds = fields[i].split("-");
					int from = Integer.parseInt(bounds[0]);
					ranges.add(new int[] { from, (bounds.length > 1) ? Integer.parseInt(bounds[1]) : from });
				}
			}
			return new Entry(fields[0], hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)),
					Set.of(fields[2].split(",")), "-".equals(fields[3]) ? null : fields[3], fields[7], ranges);
		}

		boolean isMaster() {
			return this.flags.contains("master");
		}

		boolean isReplica() {
			return this.flags.contains("slave");
		}

		/** Both the local suspicion ({@code fail?}) and the agreed failure ({@code fail}) count. */
		boolean isFailing() {
			return this.flags.contains("fail") || this.flags.contains("fail?") || this.flags.contains("noaddr");
		}

		boolean isHandshake() {
			return this.flags.contains("handshake");
		}

		ClusterNode toNode() {
			return new ClusterNode(this.id, this.host.isEmpty() ? RedisServer.HOST : this.host, this.port,
					isMaster(), isMaster() ? null : this.masterId);
		}

	}

}
