package org.reckon.objectstorage.maintenance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Garbage collection's mark: which block ids on a node are live. */
class MaintenanceTest {

    private static final Map<String, List<String>> ROWS = Map.of(
            "d1.0", List.of("n1", "n2", "n3"),
            "d2.0", List.of("n1", "n2", "n3", "n4", "-", "n6"));

    @Test
    void aReplicaIsLiveOnlyOnTheNodesItsRowNames() {
        assertTrue(Maintenance.referenced("d1.0", "n2", ROWS, Set.of()));
        assertFalse(Maintenance.referenced("d1.0", "n4", ROWS, Set.of()), "an extra copy left by a repair elsewhere");
    }

    @Test
    void aShardIsLiveOnlyOnItsOwnHolder() {
        assertTrue(Maintenance.referenced("d2.0.s3", "n4", ROWS, Set.of()));
        assertFalse(Maintenance.referenced("d2.0.s3", "n1", ROWS, Set.of()));
        assertFalse(Maintenance.referenced("d2.0.s4", "n5", ROWS, Set.of()), "a shard whose write failed");
    }

    @Test
    void unreferencedBlocksAreGarbageUnlessTheirWriteIsPending() {
        assertFalse(Maintenance.referenced("d9.0", "n1", ROWS, Set.of()));
        assertTrue(Maintenance.referenced("d9.0", "n1", ROWS, Set.of("d9")));
        assertTrue(Maintenance.referenced("d9.3.s5", "n1", ROWS, Set.of("d9")));
    }
}
