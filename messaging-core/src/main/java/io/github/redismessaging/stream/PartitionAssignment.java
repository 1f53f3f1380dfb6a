package io.github.redismessaging.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which partitions one member of a group should give up or take, so that the group converges to a fair share
 * without a coordinator. Every member computes the same targets from the same sorted member list: the first
 * {@code partitions mod members} members get one partition more than the others. A member above its target
 * releases the partitions it owns last; a member below takes free partitions, looking from its own place in the
 * ring first so that members joining together rarely reach for the same ones. A partition whose lease has not
 * expired is never taken: an instance that died keeps its partitions until its leases run out.
 */
final class PartitionAssignment {

	private PartitionAssignment() {
	}

	/**
	 * Plans one round.
	 * @param members the live members, sorted
	 * @param me this member
	 * @param owners the owner of each partition, {@code null} where it has none
	 * @param busy partitions this member can neither take nor give up now (still stopping, say)
	 * @return the partitions to release and to take
	 */
	static Plan plan(List<String> members, String me, List<@Nullable String> owners, Set<Integer> busy) {
		List<String> everyone = new ArrayList<>(members);
		if (!everyone.contains(me)) {
			everyone.add(me);
			everyone.sort(null);
		}
		int count = owners.size();
		int index = everyone.indexOf(me);
		int target = count / everyone.size() + ((index < count % everyone.size()) ? 1 : 0);
		List<Integer> owned = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (me.equals(owners.get(i)) && !busy.contains(i)) {
				owned.add(i);
			}
		}
		List<Integer> release = new ArrayList<>();
		List<Integer> take = new ArrayList<>();
		if (owned.size() > target) {
			release.addAll(owned.subList(target, owned.size()));
		}
		else {
			int home = (int) ((long) index * count / everyone.size());
			for (int step = 0; step < count && owned.size() + take.size() < target; step++) {
				int candidate = (home + step) % count;
				if (owners.get(candidate) == null && !busy.contains(candidate)) {
					take.add(candidate);
				}
			}
		}
		return new Plan(release, take);
	}

	/**
	 * One round's changes.
	 * @param release the partitions to give up
	 * @param take the partitions to take
	 */
	record Plan(List<Integer> release, List<Integer> take) {
	}

}
