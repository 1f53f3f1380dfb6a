package io.github.redismessaging.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fair-share plan of {@link PartitionAssignment}, and that rounds of several members converge.
 */
class PartitionAssignmentTest {

	@Test
	void aSingleMemberTakesEveryFreePartition() {
		PartitionAssignment.Plan plan = PartitionAssignment.plan(List.of("a"), "a", owners(4), Set.of());
		assertThat(plan.take()).containsExactlyInAnyOrder(0, 1, 2, 3);
		assertThat(plan.release()).isEmpty();
	}

	@Test
	void aMemberAboveItsShareReleasesTheExcessAndOneBelowTakesOnlyFreePartitions() {
		List<String> owners = Arrays.asList("a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "b", "b");
		List<String> members = List.of("a", "b", "c");
		assertThat(PartitionAssignment.plan(members, "a", owners, Set.of()).release()).hasSize(2);
		assertThat(PartitionAssignment.plan(members, "c", owners, Set.of()).take()).isEmpty();
	}

	@Test
	void partitionsStillLeasedByADeadMemberAreNotTaken() {
		List<String> owners = Arrays.asList("dead", "dead", null, null);
		PartitionAssignment.Plan plan = PartitionAssignment.plan(List.of("a"), "a", owners, Set.of());
		assertThat(plan.take()).containsExactlyInAnyOrder(2, 3);
	}

	@Test
	void busyPartitionsAreNeitherTakenNorReleasedAgain() {
		List<String> owners = Arrays.asList("a", "a", null, null);
		PartitionAssignment.Plan plan = PartitionAssignment.plan(List.of("a", "b"), "a", owners, Set.of(0, 2));
		assertThat(plan.release()).isEmpty();
		assertThat(plan.take()).doesNotContain(0, 2);
	}

	@Test
	void roundsOfJoiningAndLeavingMembersConvergeToAFairShareWithinTwoRounds() {
		for (int members = 1; members <= 7; members++) {
			for (int partitions : new int[] { 1, 5, 12, 13, 64 }) {
				List<String> names = new ArrayList<>();
				for (int m = 0; m < members; m++) {
					names.add("member-" + m);
				}
				List<String> owners = owners(partitions);
				// everything starts with the first member, as when the others join later
				for (int i = 0; i < partitions; i++) {
					owners.set(i, names.get(0));
				}
				for (int round = 0; round < 2; round++) {
					for (String me : names) {
						PartitionAssignment.Plan plan = PartitionAssignment.plan(names, me, owners, Set.of());
						plan.release().forEach((p) -> owners.set(p, null));
						plan.take().forEach((p) -> owners.set(p, me));
					}
				}
				Map<String, Integer> counts = new HashMap<>();
				owners.forEach((owner) -> counts.merge(String.valueOf(owner), 1, Integer::sum));
				assertThat(owners).as("%d partitions over %d members", partitions, members).doesNotContainNull();
				int least = partitions / members;
				assertThat(counts.values()).as("%d partitions over %d members: %s", partitions, members, counts)
					.allSatisfy((count) -> assertThat(count).isBetween(least, least + 1));
			}
		}
	}

	private static List<String> owners(int count) {
		List<String> owners = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			owners.add(null);
		}
		return owners;
	}

}
