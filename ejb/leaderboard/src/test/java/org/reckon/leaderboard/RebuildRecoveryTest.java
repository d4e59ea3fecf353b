package org.reckon.leaderboard;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reckon.platform.cluster.ClusterMembership;

/** Which rebuild executions a server reclaims: its own earlier runs', a departed node's (on the primary), never a live node's. */
class RebuildRecoveryTest {

    /** A cluster view: the members, the first one primary. */
    static final class View extends ClusterMembership {
        final String local;
        final List<String> members;

        View(String local, String... members) {
            this.local = local;
            this.members = List.of(members);
        }

        @Override
        public boolean primary() {
            return members.get(0).equals(local);
        }

        @Override
        public boolean departed(String member) {
            return members.size() > 1 && !members.contains(member); // as ClusterMembership: never when alone
        }
    }

    static RebuildRecovery on(ClusterMembership view) {
        RebuildRecovery recovery = new RebuildRecovery();
        recovery.membership = view;
        return recovery;
    }

    @Test
    void anEarlierRunOfThisNodeIsReclaimedThisRunIsNot() {
        RebuildRecovery alone = on(new View(RebuildJobs.NODE, RebuildJobs.NODE));
        assertNull(alone.orphaned(RebuildJobs.owner()), "this run's own execution runs");
        String why = alone.orphaned(RebuildJobs.NODE + "/0badc0de");
        assertTrue(why != null && why.contains("stopped during it"), why);
    }

    @Test
    void anotherNodesExecutionIsReclaimedOnlyWhenThatNodeLeftTheViewAndOnlyByThePrimary() {
        RebuildRecovery primary = on(new View(RebuildJobs.NODE, RebuildJobs.NODE, "reckon-c2"));
        assertNull(primary.orphaned("reckon-c2/1234abcd"), "a live node's running execution is left alone");
        String why = primary.orphaned("reckon-c3/1234abcd");
        assertTrue(why != null && why.contains("left the cluster"), why);
        RebuildRecovery secondary = on(new View(RebuildJobs.NODE, "reckon-c2", RebuildJobs.NODE));
        assertNull(secondary.orphaned("reckon-c3/1234abcd"), "the primary reclaims it, not every survivor");
    }

    @Test
    void anExecutionWithoutOwnerIsReclaimedByThePrimaryOnly() {
        assertTrue(on(new View(RebuildJobs.NODE, RebuildJobs.NODE)).orphaned(null) != null);
        assertNull(on(new View(RebuildJobs.NODE, "reckon-c2", RebuildJobs.NODE)).orphaned(null));
    }
}
