package org.reckon.platform.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Group commit: many callers each submit one item, and the items that arrive while a transaction
 * is running are applied together in the next one, so N concurrent requests cost about one commit
 * (one two-phase commit when the work is XA) instead of N. No thread of its own: a caller that
 * finds no batch running becomes the leader, drains up to {@code maxBatch} waiting items, runs
 * them, and hands every caller its own result or exception. The others do not wait on a thread:
 * {@link #submitAsync} answers a future at once, completed when the item's transaction committed
 * (a request thread goes back to its pool, as a suspended JAX-RS request does). The leader keeps
 * running batches while items wait until its own item is done; then, if items still wait, it
 * hands the leading on to {@code handOff} (a managed executor) and returns, so no caller's answer
 * waits for other callers' batches.
 *
 * <p>A batch is all or nothing ({@code batch} must run its items in one transaction that commits
 * or rolls back as a whole). When it fails, each of its items runs again alone ({@code one}), so an
 * item that fails fails only itself, with its own exception, and the others apply as if they had
 * come alone. A batch of one item runs {@code one} directly. This is only correct when {@code one}
 * after a rolled-back batch does what it would have done without the batch: the work must be
 * idempotent or its failed attempt must leave nothing (both hold where an inbox row commits with
 * the effect).
 *
 * <p>Futures are completed outside any lock, on the leader's thread: what a caller chains on its
 * future (resuming a suspended request) runs there.
 *
 * @param <T> the item a caller submits
 * @param <R> its result
 */
public final class GroupCommit<T, R> {

    /** Applies the items in one transaction, returning one result per item in order, or throws having applied none. */
    @FunctionalInterface
    public interface Batch<T, R> {
        List<R> apply(List<T> items) throws Exception;
    }

    /** Applies one item in a transaction of its own. */
    @FunctionalInterface
    public interface One<T, R> {
        R apply(T item) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    private final int maxBatch;
    private final Batch<T, R> batch;
    private final One<T, R> one;
    private final Executor handOff;
    private final ConcurrentLinkedQueue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong handOffs = new AtomicLong();
    private boolean leading; // guarded by this

    /** Group commit whose leader runs every waiting batch itself before it returns. */
    public GroupCommit(int maxBatch, Batch<T, R> batch, One<T, R> one) {
        this(maxBatch, batch, one, null);
    }

    /**
     * Group commit whose leader, once its own item is done, hands the batches still waiting on to
     * {@code handOff} (null: runs them itself). A hand-off the executor refuses is run by the leader.
     */
    public GroupCommit(int maxBatch, Batch<T, R> batch, One<T, R> one, Executor handOff) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.batch = Objects.requireNonNull(batch);
        this.one = Objects.requireNonNull(one);
        this.handOff = handOff;
    }

    /**
     * Applies {@code item}, with whatever else is waiting, and returns its result once its
     * transaction committed; throws the exception its own work threw (a runtime exception as it
     * is, a checked one wrapped in {@link GroupCommitException}). The thread waits: see
     * {@link #submitAsync} for a caller that must not.
     */
    public R submit(T item) {
        CompletableFuture<R> answer = submitAsync(item);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the item is queued: its caller must still learn its outcome
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Queues {@code item} and answers its future, completed with its result once its transaction
     * committed, or with the exception its own work threw. The calling thread runs batches only when
     * no other caller is leading, and only until its own item is done.
     */
    public CompletableFuture<R> submitAsync(T item) {
        Pending<T, R> mine = new Pending<>(item);
        waiting.add(mine);
        queued.incrementAndGet();
        synchronized (this) {
            if (leading) {
                return mine.answer; // the leader drains the queue after its batch, and finds it
            }
            leading = true;
        }
        lead(mine);
        return mine.answer;
    }

    /**
     * Runs batches while items wait. Once {@code mine} (null on a hand-off) is done and items still
     * wait, the leading goes on on {@code handOff} and this thread returns. Leading ends only when
     * the queue was found empty under the lock, so an item queued meanwhile is never left behind:
     * its caller either saw {@code leading} and was found here, or became the leader itself.
     */
    private void lead(Pending<T, R> mine) {
        while (true) {
            List<Pending<T, R>> taken = drain();
            if (!taken.isEmpty()) {
                run(taken);
            }
            synchronized (this) {
                if (waiting.isEmpty()) {
                    leading = false;
                    return;
                }
            }
            if (handOff != null && mine != null && mine.answer.isDone()) {
                try {
                    handOff.execute(() -> lead(null));
                    handOffs.incrementAndGet();
                    return;
                } catch (RuntimeException e) { // refused (shutting down, saturated): this thread goes on
                    LOG.fine(() -> "group commit hand-off refused, the leader goes on: " + e);
                }
            }
        }
    }

    private List<Pending<T, R>> drain() {
        List<Pending<T, R>> taken = new ArrayList<>();
        Pending<T, R> p;
        while (taken.size() < maxBatch && (p = waiting.poll()) != null) {
            queued.decrementAndGet();
            taken.add(p);
        }
        return taken;
    }

    private void run(List<Pending<T, R>> taken) {
        items.addAndGet(taken.size());
        if (taken.size() == 1) {
            transactions.incrementAndGet();
            runAlone(taken.get(0));
            return;
        }
        List<T> of = new ArrayList<>(taken.size());
        for (Pending<T, R> p : taken) {
            of.add(p.item);
        }
        transactions.incrementAndGet();
        List<R> results;
        try {
            results = batch.apply(of);
            if (results == null || results.size() != taken.size()) {
                throw new IllegalStateException("a batch of " + taken.size() + " returned "
                        + (results == null ? "no" : results.size()) + " results");
            }
        } catch (Exception | Error e) {
            // rolled back as a whole: each item again on its own, so only a failing one fails
            replays.incrementAndGet();
            for (Pending<T, R> p : taken) {
                transactions.incrementAndGet();
                runAlone(p);
            }
            return;
        }
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).answer.complete(results.get(i));
        }
    }

    private void runAlone(Pending<T, R> p) {
        R result;
        try {
            result = one.apply(p.item);
        } catch (Exception | Error e) {
            p.answer.completeExceptionally(e);
            return;
        }
        p.answer.complete(result);
    }

    /** Items waiting for a transaction now. */
    public int waiting() {
        return queued.get();
    }

    /** Transactions run so far (a batch, or one item alone, each count one; a replayed batch's items count one each). */
    public long transactions() {
        return transactions.get();
    }

    /** Items applied or failed so far. */
    public long items() {
        return items.get();
    }

    /** Batches that failed and had their items run one by one. */
    public long replays() {
        return replays.get();
    }

    /** Times a leader handed the batches still waiting on to the executor. */
    public long handOffs() {
        return handOffs.get();
    }

    /** A checked exception of an item's work, as its caller receives it. */
    public static final class GroupCommitException extends RuntimeException {
        GroupCommitException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException re) {
            return re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return new GroupCommitException(failure);
    }

    private static final class Pending<T, R> {
        final T item;
        final CompletableFuture<R> answer = new CompletableFuture<>();

        Pending(T item) {
            this.item = item;
        }
    }
}
