package org.reckon.platform.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit on the callers' own threads: many threads each submit one item, and the items that
 * arrive while a transaction is running are applied together in the next one, so N concurrent
 * requests cost about one commit (one two-phase commit when the work is XA) instead of N. No
 * thread of its own: whichever waiting caller finds no batch running becomes the leader, drains up
 * to {@code maxBatch} waiting items, runs them, and hands every caller its own result or exception.
 *
 * <p>A batch is all or nothing ({@code batch} must run its items in one transaction that commits
 * or rolls back as a whole). When it fails, each of its items runs again alone ({@code one}), so an
 * item that fails fails only itself, with its own exception, and the others apply as if they had
 * come alone. A batch of one item runs {@code one} directly. This is only correct when {@code one}
 * after a rolled-back batch does what it would have done without the batch: the work must be
 * idempotent or its failed attempt must leave nothing (both hold where an inbox row commits with
 * the effect).
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

    private final int maxBatch;
    private final Batch<T, R> batch;
    private final One<T, R> one;
    private final ConcurrentLinkedQueue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private boolean leading; // guarded by this

    public GroupCommit(int maxBatch, Batch<T, R> batch, One<T, R> one) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.batch = Objects.requireNonNull(batch);
        this.one = Objects.requireNonNull(one);
    }

    /**
     * Applies {@code item}, with whatever else is waiting, and returns its result once its
     * transaction committed; throws the exception its own work threw (a runtime exception as it
     * is, a checked one wrapped in {@link GroupCommitException}).
     */
    public R submit(T item) {
        Pending<T, R> mine = new Pending<>(item);
        waiting.add(mine);
        queued.incrementAndGet();
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (this) {
                    while (!mine.done && leading) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the item is queued: its caller must still learn its outcome
                        }
                    }
                    if (mine.done) {
                        return mine.result();
                    }
                    leading = true;
                }
                try {
                    List<Pending<T, R>> taken = drain();
                    if (!taken.isEmpty()) {
                        run(taken);
                    }
                } finally {
                    synchronized (this) {
                        leading = false;
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
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
        synchronized (this) {
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).succeed(results.get(i));
            }
        }
    }

    private void runAlone(Pending<T, R> p) {
        R result;
        try {
            result = one.apply(p.item);
        } catch (Exception | Error e) {
            synchronized (this) {
                p.fail(e);
            }
            return;
        }
        synchronized (this) {
            p.succeed(result);
        }
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

    /** A checked exception of an item's work, as its caller receives it. */
    public static final class GroupCommitException extends RuntimeException {
        GroupCommitException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class Pending<T, R> {
        final T item;
        boolean done; // guarded by the GroupCommit
        R value;
        Throwable failure;

        Pending(T item) {
            this.item = item;
        }

        void succeed(R r) {
            value = r;
            done = true;
        }

        void fail(Throwable t) {
            failure = t;
            done = true;
        }

        R result() {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new GroupCommitException(failure);
            }
            return value;
        }
    }
}
