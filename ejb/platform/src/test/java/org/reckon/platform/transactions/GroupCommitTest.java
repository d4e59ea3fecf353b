package org.reckon.platform.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alone = Collections.synchronizedList(new ArrayList<>());
    private final List<String> batchThreads = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** The first item runs alone and is held until {@code release}; what arrives meanwhile waits for the next transaction. */
    private GroupCommit<String, String> commit(int maxBatch, CountDownLatch release, String failingItem) {
        return commit(maxBatch, release, failingItem, null);
    }

    private GroupCommit<String, String> commit(int maxBatch, CountDownLatch release, String failingItem,
                                               java.util.concurrent.Executor handOff) {
        return new GroupCommit<>(maxBatch, items -> {
            batches.add(List.copyOf(items));
            batchThreads.add(Thread.currentThread().getName());
            if (failingItem != null && items.contains(failingItem)) {
                throw new IllegalStateException("the batch rolls back");
            }
            return items.stream().map(String::toUpperCase).toList();
        }, item -> {
            alone.add(item);
            if ("first".equals(item)) {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            }
            if (item.equals(failingItem)) {
                throw new IllegalArgumentException(item + " is refused");
            }
            return item.toUpperCase();
        }, handOff);
    }

    private void awaitWaiting(GroupCommit<?, ?> commit, int n) {
        Awaitility.await(n + " waiting").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> commit.waiting() == n);
    }

    /** Submits "first", which runs alone and is held until its latch is released. */
    private Future<String> holdFirst(GroupCommit<String, String> commit) {
        Future<String> first = callers.submit(() -> commit.submit("first"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> alone.contains("first"));
        return first;
    }

    /** Submits the items one after the other, each once the one before waits: the arrival order is known. */
    private List<Future<String>> queue(GroupCommit<String, String> commit, String... items) {
        List<Future<String>> submitted = new ArrayList<>();
        for (String item : items) {
            submitted.add(callers.submit(() -> commit.submit(item)));
            awaitWaiting(commit, submitted.size());
        }
        return submitted;
    }

    private static String[] items(int n) {
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[i] = "e" + i;
        }
        return items;
    }

    @Test
    void itemsThatArriveWhileATransactionRunsShareTheNextOneAndEachCallerGetsItsOwnResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = commit(32, release, null);
        Future<String> first = holdFirst(commit);
        List<Future<String>> others = queue(commit, items(5));
        release.countDown();

        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            assertEquals("E" + i, others.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, batches.size(), "the five waiting items in one transaction: " + batches);
        assertEquals(5, batches.get(0).size());
        assertEquals(2, commit.transactions());
        assertEquals(6, commit.items());
        assertEquals(0, commit.replays());
    }

    @Test
    void aBatchThatFailsRunsEachItemAloneSoOnlyTheFailingItemFailsWithItsOwnException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = commit(32, release, "bad");
        Future<String> first = holdFirst(commit);
        List<Future<String>> queued = queue(commit, "good1", "bad", "good2");
        Future<String> good1 = queued.get(0);
        Future<String> bad = queued.get(1);
        Future<String> good2 = queued.get(2);
        release.countDown();

        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        assertEquals("GOOD1", good1.get(10, TimeUnit.SECONDS));
        assertEquals("GOOD2", good2.get(10, TimeUnit.SECONDS));
        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> bad.get(10, TimeUnit.SECONDS));
        assertSame(IllegalArgumentException.class, failed.getCause().getClass());
        assertEquals("bad is refused", failed.getCause().getMessage());
        assertEquals(List.of(List.of("good1", "bad", "good2")), batches, "tried together first, in arrival order");
        assertEquals(List.of("first", "good1", "bad", "good2"), alone, "then each alone");
        assertEquals(1, commit.replays());
    }

    @Test
    void aBatchTakesAtMostMaxBatchItemsAndTheRestTheNextTransaction() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = commit(4, release, null);
        Future<String> first = holdFirst(commit);
        List<Future<String>> others = queue(commit, items(10));
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            assertEquals("E" + i, others.get(i).get(10, TimeUnit.SECONDS));
        }
        List<Integer> sizes = new ArrayList<>();
        batches.forEach(b -> sizes.add(b.size()));
        assertEquals(List.of(4, 4, 2), sizes, "all ten were waiting: " + batches);
        assertEquals(List.of("e0", "e1", "e2", "e3"), batches.get(0), "in arrival order");
        assertEquals(List.of("first"), alone);
        assertEquals(4, commit.transactions());
    }

    @Test
    void oneItemAloneRunsAsOneWithoutABatch() {
        GroupCommit<String, String> commit = commit(32, new CountDownLatch(0), null);
        assertEquals("X", commit.submit("x"));
        assertEquals(List.of(), batches);
        assertEquals(List.of("x"), alone);
    }

    @Test
    void anAsyncCallerDoesNotWaitOnItsThreadAndItsFutureCompletesWithItsResultOrItsOwnException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = commit(32, release, "bad");
        Future<String> first = holdFirst(commit);
        // submitted from this thread while a transaction runs: each call returns at once
        java.util.concurrent.CompletableFuture<String> good = commit.submitAsync("good");
        java.util.concurrent.CompletableFuture<String> bad = commit.submitAsync("bad");
        assertFalse(good.isDone());
        assertFalse(bad.isDone());
        assertEquals(2, commit.waiting());
        release.countDown();

        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        assertEquals("GOOD", good.get(10, TimeUnit.SECONDS));
        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> bad.get(10, TimeUnit.SECONDS));
        assertSame(IllegalArgumentException.class, failed.getCause().getClass(), "the work's own exception, unwrapped");
        assertEquals(List.of(List.of("good", "bad")), batches, "the two waiting items were tried together by the leader");
    }

    @Test
    void aLeaderWhoseItemIsDoneHandsTheWaitingBatchesToTheExecutorAndReturns() throws Exception {
        ExecutorService handOff = Executors.newSingleThreadExecutor(r -> new Thread(r, "hand-off"));
        try {
            CountDownLatch release = new CountDownLatch(1);
            GroupCommit<String, String> commit = commit(2, release, null, handOff);
            Future<String> first = holdFirst(commit);
            List<java.util.concurrent.CompletableFuture<String>> others = new ArrayList<>();
            for (String item : items(6)) {
                others.add(commit.submitAsync(item));
            }
            release.countDown();

            assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 6; i++) {
                assertEquals("E" + i, others.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(List.of("e0", "e1"), List.of("e2", "e3"), List.of("e4", "e5")), batches);
            assertEquals(1, commit.handOffs(), "the leader returned once its own item was done");
            assertEquals(List.of("hand-off", "hand-off", "hand-off"), batchThreads,
                    "the batches after the leader's own item ran on the executor");
            // a later item is still applied, alone (by its caller, or by the executor if it is still leading)
            assertEquals("LAST", commit.submitAsync("last").get(10, TimeUnit.SECONDS));
            assertEquals("last", alone.get(alone.size() - 1));
            assertEquals(0, commit.waiting());
        } finally {
            handOff.shutdownNow();
        }
    }

    @Test
    void aHandOffTheExecutorRefusesIsRunByTheLeader() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = commit(32, release, null, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shutting down");
        });
        Future<String> first = holdFirst(commit);
        java.util.concurrent.CompletableFuture<String> other = commit.submitAsync("other");
        release.countDown();
        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        assertEquals("OTHER", other.get(10, TimeUnit.SECONDS));
        assertEquals(0, commit.handOffs());
    }
}
