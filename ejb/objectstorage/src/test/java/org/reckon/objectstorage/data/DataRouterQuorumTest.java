package org.reckon.objectstorage.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.catalog.Block;
import org.reckon.objectstorage.cluster.ClusterMap;

/** A replicated block is answered at its write quorum, not at its slowest copy, and never below the quorum. */
class DataRouterQuorumTest {

    /** Node n's PUTs answer with the future the test holds for it. */
    static final class Nodes extends NodeClient {
        final Map<String, CompletableFuture<Void>> answers = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Void> put(String nodeUrl, String blockId, byte[] data, int offset, int length, int crc) {
            return answers.computeIfAbsent(nodeUrl.substring(nodeUrl.lastIndexOf('/') + 1), k -> new CompletableFuture<>());
        }
    }

    private static DataRouter router(Nodes nodes) throws Exception {
        ClusterMap cluster = new ClusterMap();
        java.lang.reflect.Field timeout = ClusterMap.class.getDeclaredField("nodeTimeout");
        timeout.setAccessible(true);
        timeout.set(cluster, Duration.ofSeconds(30));
        for (String n : List.of("n1", "n2", "n3")) cluster.heartbeat(n, "http://node/" + n, 0, 0);
        DataRouter router = new DataRouter();
        router.cluster = cluster;
        router.nodes = nodes;
        router.writeQuorum = 2;
        return router;
    }

    @Test
    void answersOnceTwoCopiesAreStoredAndListsTheCopyStillInFlightLast() throws Exception {
        Nodes nodes = new Nodes();
        DataRouter router = router(nodes);
        for (String n : List.of("n1", "n2", "n3")) nodes.answers.put(n, new CompletableFuture<>());
        nodes.answers.get("n1").complete(null);
        nodes.answers.get("n3").complete(null);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        Block b = router.write("d", 0, new byte[] {1, 2, 3}, 3, DataRouter.R3, settled);
        List<String> listed = b.nodeList();
        assertEquals(3, listed.size(), "the copy in flight stays in the node list");
        assertEquals("n2", listed.get(2), "the copy in flight comes last: reads try the stored ones first");
        assertFalse(settled.isDone(), "the buffer is not free while n2 still receives it");
        nodes.answers.get("n2").complete(null);
        assertTrue(settled.isDone());
    }

    @Test
    void aCopyThatFailedBeforeTheQuorumIsLeftOutAndOneStoredCopyIsNotEnough() throws Exception {
        Nodes nodes = new Nodes();
        DataRouter router = router(nodes);
        for (String n : List.of("n1", "n2", "n3")) nodes.answers.put(n, new CompletableFuture<>());
        nodes.answers.get("n2").completeExceptionally(new IllegalStateException("node answered 500"));
        nodes.answers.get("n1").complete(null);
        nodes.answers.get("n3").complete(null);
        Block b = router.write("d", 0, new byte[] {1}, 1, DataRouter.R3, new CompletableFuture<>());
        assertEquals(List.of("n1", "n3"), b.nodeList());

        Nodes failing = new Nodes();
        DataRouter second = router(failing);
        for (String n : List.of("n1", "n2", "n3")) failing.answers.put(n, new CompletableFuture<>());
        failing.answers.get("n1").complete(null);
        failing.answers.get("n2").completeExceptionally(new IllegalStateException("node answered 500"));
        failing.answers.get("n3").completeExceptionally(new IllegalStateException("connection refused"));
        S3Exception e = assertThrows(S3Exception.class, () -> second.write("d", 0, new byte[] {1}, 1, DataRouter.R3, new CompletableFuture<>()));
        assertEquals(503, e.status());
    }
}
