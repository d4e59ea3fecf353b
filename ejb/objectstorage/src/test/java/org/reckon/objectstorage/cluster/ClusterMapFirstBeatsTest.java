package org.reckon.objectstorage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A freshly started map has heard no beat yet: a placement asked for in its first node timeout
 * waits for the beats it lacks instead of answering "no node is live"; after that timeout, a
 * missing node is dead and a placement answers at once with the live ones.
 */
class ClusterMapFirstBeatsTest {

    private static ClusterMap map(Duration nodeTimeout) {
        ClusterMap map = new ClusterMap();
        map.nodeTimeout = nodeTimeout;
        return map;
    }

    @Test
    void aPlacementInTheFirstNodeTimeoutWaitsForTheNodesFirstBeats() throws Exception {
        ClusterMap map = map(Duration.ofSeconds(10));
        CompletableFuture<List<String>> placed = CompletableFuture.supplyAsync(() -> map.place("block-1", 3));
        // the data nodes' first beats arrive after the first write asked where to go
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> {
            for (String n : List.of("n1", "n2", "n3")) map.heartbeat(n, "http://" + n, 0, 0);
        });
        List<String> nodes = placed.get(5, TimeUnit.SECONDS);
        assertEquals(3, nodes.size(), "placed on " + nodes);
    }

    @Test
    void afterTheFirstNodeTimeoutANodeNeverHeardIsDeadAndNothingWaits() {
        ClusterMap map = map(Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        List<String> first = map.place("block-1", 3); // no node beats: waits out the first node timeout, then none is live
        long firstMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(), first);
        assertTrue(firstMillis >= 900 && firstMillis < 5_000, "waited " + firstMillis + " ms for a first node timeout of 1 s");
        // the window has passed: two nodes beat, the third never did; a placement answers at once with the two
        map.heartbeat("n1", "http://n1", 0, 0);
        map.heartbeat("n2", "http://n2", 0, 0);
        long t1 = System.nanoTime();
        List<String> second = map.place("block-2", 3);
        long secondMillis = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(2, second.size(), "placed on " + second);
        assertTrue(secondMillis < 500, "waited " + secondMillis + " ms after the first node timeout had passed");
    }

    @Test
    void aReadInTheFirstNodeTimeoutWaitsForItsHoldersFirstBeatsAndFindsTheirAddresses() throws Exception {
        ClusterMap map = map(Duration.ofSeconds(10));
        CompletableFuture<List<String>> order = CompletableFuture.supplyAsync(() -> map.readOrder(List.of("n1", "n2", "n3")));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> map.url("n3"));
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> {
            for (String n : List.of("n2", "n1", "n3")) map.heartbeat(n, "http://" + n, 0, 0);
        });
        assertEquals(List.of("n1", "n2", "n3"), order.get(5, TimeUnit.SECONDS), "every holder live, in the block's order");
        assertEquals("http://n3", url.get(5, TimeUnit.SECONDS), "the address of a holder heard 0.2 s after the read asked");
    }

    @Test
    void afterTheFirstNodeTimeoutAHolderNeverHeardHasNoAddressAndNothingWaits() {
        ClusterMap map = map(Duration.ofMillis(300));
        assertEquals(null, map.url("n2"), "never heard in the first node timeout, which this waits out");
        map.heartbeat("n1", "http://n1", 0, 0);
        long t0 = System.nanoTime();
        assertEquals(List.of("n1", "n2"), map.readOrder(List.of("n2", "n1")), "the live holder first");
        assertEquals(null, map.url("n2"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 500, "waited " + millis + " ms after the first node timeout had passed");
    }
}
