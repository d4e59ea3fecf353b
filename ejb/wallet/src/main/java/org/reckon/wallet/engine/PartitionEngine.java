package org.reckon.wallet.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Event;
import org.reckon.wallet.domain.EventType;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.StateMachine;
import org.reckon.wallet.domain.WalletState;

/**
 * One partition's single writer (the chapter's "high-performance event sourcing"): the state
 * lives in memory; commands queue up; one thread takes as many as are waiting (up to a batch),
 * validates them one at a time through the {@link StateMachine}, appends the commands and the
 * events they emitted in one local transaction (group commit), and only then answers each caller.
 * On start the state is the latest snapshot plus the tail of the event list.
 *
 * One permit guards the state: the writer holds it for a batch, a reader for a read, an XA
 * transfer from its first step until its transaction completes (a permit, not a lock, because
 * Narayana may complete a transaction on another thread). Whenever appended events may not be
 * durable (a failed write, a rolled-back XA branch) the state is marked stale and rebuilt from
 * the database before it is used again, so memory never holds what the log does not.
 *
 * Several writers may append to one partition's log (one engine per partition on each node of a
 * cluster). The log is the arbiter: an append of sequence N fails on the log's primary key when
 * another writer appended N first. A batch appends its first command row (the fence) before
 * deciding anything; when that fails the engine has been overtaken: it applies the log's tail (the
 * other writer's events, {@link #catchUp}) and decides the same commands on that state. Once the
 * fence is in, the head is this engine's until it commits (another writer's append of that
 * sequence waits, then fails). A collision after deciding (only when memory was behind on events)
 * reloads the state instead. Either way no command is lost or decided twice. Every second when
 * idle, the writer applies the tail too, so reads on this node are at most that stale.
 */
public final class PartitionEngine {

    private static final Logger LOG = Logger.getLogger(PartitionEngine.class.getName());

    /** Attempts of one batch before its callers get 503 when other writers keep appending first. */
    private static final int MAX_ATTEMPTS = 50;

    /**
     * Fences lost in a row before the batch takes the log's lock exclusively for its next attempt:
     * optimism alone may lose every race to a writer in a tight loop on the other node.
     */
    private static final int ESCALATE_AFTER = 3;

    /**
     * A queued command, with maybe a second one decided right after it in the same batch (so in
     * the same group commit) when {@code proceed} says so on the first one's outcome; otherwise the
     * second is neither decided nor appended and {@code thenAnswer} completes with null.
     */
    private record Pending(Command command, CompletableFuture<Outcome> answer,
                           Command then, BiPredicate<WalletState, Outcome> proceed, CompletableFuture<Outcome> thenAnswer) {
        Pending(Command command, CompletableFuture<Outcome> answer) {
            this(command, answer, null, null, null);
        }

        void fail(Throwable e) {
            answer.completeExceptionally(e);
            if (thenAnswer != null) {
                thenAnswer.completeExceptionally(e);
            }
        }
    }

    /** Two commands' answers: the second is null when it was not run ({@link #submitThen}). */
    public record Chained(Outcome first, Outcome then) {
    }

    /** An account as far as a transfer's checks need it (owner and currency never change once opened). */
    public record Opened(String id, String owner, String currency) {
    }

    private final PartitionLog log;
    private final int maxBatch;
    private final long snapshotEvery;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Semaphore permit = new Semaphore(1, true);
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Thread writer;
    private WalletState state = new WalletState();
    private long commandSeq;
    private long lastSnapshotSeq;
    private volatile boolean snapshotting;
    private ThreadFactory threads;
    private boolean stale = true;
    private volatile long batches;
    private volatile long commands;
    private volatile long overtaken;
    private volatile long caughtUp;
    private volatile long lastCatchUp = System.nanoTime();
    private volatile Runnable committed = () -> { };
    /**
     * The accounts whose OPENED event is durable (published after the commit that made it so, and
     * after each load), for the checks a transfer makes before it runs: read without the permit, so
     * a transfer does not wait for the writer's batch in flight just to learn an owner and a currency.
     */
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public PartitionEngine(PartitionLog log, int maxBatch, long snapshotEvery, Clock clock) {
        this.log = log;
        this.maxBatch = maxBatch;
        this.snapshotEvery = snapshotEvery;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 16));
    }

    public int partition() {
        return log.partition();
    }

    public PartitionLog log() {
        return log;
    }

    /** Called after each commit of new events (wakes the read-model projector). */
    public void onCommit(Runnable listener) {
        this.committed = listener;
    }

    /** The last event of the durable state (for the read models' lag). */
    public long lastSeqNow() {
        return lastSeq;
    }

    private volatile long lastSeq;

    public void start(ThreadFactory threads) {
        this.threads = threads;
        writer = threads.newThread(this::run);
        writer.setName("wallet-writer-" + partition());
        writer.start();
    }

    public void stop() {
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.fail(new PartitionUnavailableException(partition(), "the server is stopping"));
        }
    }

    /**
     * Queues {@code first} and, right behind it in the same batch and group commit, {@code then},
     * which is decided only if {@code proceed} holds on the writer's state and {@code first}'s
     * outcome (else {@code then} is not appended at all and its answer is null). One durable write
     * for both, where two submissions wait for two group commits.
     */
    public CompletableFuture<Chained> submitThen(Command first, BiPredicate<WalletState, Outcome> proceed, Command then) {
        CompletableFuture<Outcome> a = new CompletableFuture<>();
        CompletableFuture<Outcome> b = new CompletableFuture<>();
        Pending pending = new Pending(first, a, then, proceed, b);
        if (!running) {
            pending.fail(new PartitionUnavailableException(partition(), "the server is stopping"));
        } else if (!queue.offer(pending)) {
            pending.fail(new PartitionUnavailableException(partition(), "too many commands queued"));
        }
        return a.thenCombine(b, Chained::new);
    }

    /**
     * The account's owner and currency if it is open and durable, without waiting for the writer;
     * an account not (yet) known there is looked up in the state under the permit.
     */
    public Opened opened(String id) {
        if (ready.getCount() == 0) {
            Opened o = opened.get(id);
            if (o != null) {
                return o;
            }
        }
        Function<WalletState, Opened> find = s -> {
            WalletState.Account a = s.account(id);
            return a == null ? null : new Opened(a.id(), a.owner(), a.currency());
        };
        Opened o = read(find);
        if (o == null) {
            // maybe opened through another writer (another node) since this engine's last batch
            catchUp();
            o = read(find);
        }
        return o;
    }

    /** Queues a command for the writer; the answer completes once its events are durable. */
    public CompletableFuture<Outcome> submit(Command command) {
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new PartitionUnavailableException(partition(), "the server is stopping"));
        } else if (!queue.offer(new Pending(command, answer))) {
            answer.completeExceptionally(new PartitionUnavailableException(partition(), "too many commands queued"));
        }
        return answer;
    }

    /** Runs {@code read} on the current, durable state. */
    public <T> T read(Function<WalletState, T> read) {
        acquire();
        try {
            fresh();
            return read.apply(state);
        } finally {
            permit.release();
        }
    }

    /** Commands queued for the writer and not yet taken into a batch. */
    public int queued() {
        return queue.size();
    }

    public long batches() {
        return batches;
    }

    public long commands() {
        return commands;
    }

    /** Batches decided again because another writer had appended to the log first. */
    public long overtaken() {
        return overtaken;
    }

    /** Events another writer appended that this engine applied from the log. */
    public long caughtUp() {
        return caughtUp;
    }

    /**
     * Brings the state up to the log's head: a reload if it is stale, else the events another
     * writer appended after this engine's last one. Outside any JTA transaction (it reads on
     * connections of its own): the XA paths call it before they begin.
     */
    public void catchUp() {
        acquire();
        try {
            fresh();
            catchUpHeld();
        } finally {
            permit.release();
        }
    }

    private void run() {
        awaitInDoubtBranches();
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    catchUpWhenIdle();
                    continue;
                }
                List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "wallet partition " + partition() + ": writer loop", e);
            }
        }
    }

    /**
     * A SIGKILL between an XA transfer's prepare and commit leaves branches that Narayana's
     * recovery commits (or rolls back) later. Their events are invisible until then, so loading the
     * state before would forget them and reuse their sequence numbers: the partition waits.
     */
    private void awaitInDoubtBranches() {
        Instant since = clock.instant();
        while (running) {
            try {
                long prepared = log.preparedTransactions();
                if (prepared == 0) {
                    break;
                }
                LOG.warning(() -> "wallet partition " + partition() + ": waiting for " + prepared
                        + " in-doubt XA branch(es) to be recovered before loading (" + Duration.between(since, clock.instant()).toSeconds() + " s)");
            } catch (SQLException e) {
                LOG.warning(() -> "wallet partition " + partition() + ": database not reachable yet: " + e.getMessage());
            }
            try {
                Thread.sleep(2000); // a server thread polling the database, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        acquire0();
        try {
            fresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "wallet partition " + partition() + ": first load failed, retried on first use", e);
        } finally {
            permit.release();
        }
        ready.countDown();
    }

    private void runBatch(List<Pending> batch) {
        acquire0();
        try {
            List<PartitionLog.CommandRow> rows = new ArrayList<>(batch.size());
            List<Event> events = new ArrayList<>(batch.size() * 2);
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            List<Outcome> thens = new ArrayList<>(batch.size());
            for (int attempt = 1; ; attempt++) {
                try {
                    fresh();
                } catch (PartitionUnavailableException e) {
                    batch.forEach(p -> p.fail(e));
                    return;
                }
                Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the log stores it: decision times are state
                rows.clear();
                events.clear();
                outcomes.clear();
                thens.clear();
                boolean decided = false;
                try (Connection c = log.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    try {
                        // the fence: the batch's first command row, appended before anything is decided. If it
                        // goes in, this engine holds the log's head (another writer's append of that sequence
                        // waits for this transaction, then fails on the key); if another writer appended it
                        // first, nothing was decided yet and memory only needs the log's tail
                        if (attempt > ESCALATE_AFTER) {
                            // lost too often: wait for the other writers' batches in flight, hold them off, catch up
                            log.lockExclusive(c);
                            catchUpHeld();
                        }
                        Command head = batch.get(0).command();
                        log.fence(c, new PartitionLog.CommandRow(commandSeq + 1, head.key(), head.body(), now));
                        decided = true;
                        for (Pending p : batch) {
                            Outcome o = decide(p.command(), now, rows, events);
                            outcomes.add(o);
                            thens.add(p.then() != null && p.proceed().test(state, o) ? decide(p.then(), now, rows, events) : null);
                        }
                        log.appendAll(c, rows.subList(1, rows.size()), events);
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        try {
                            c.rollback();
                        } catch (SQLException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                        throw e;
                    } finally {
                        c.setAutoCommit(true);
                    }
                } catch (SQLException | RuntimeException e) {
                    boolean overtakenNow = PartitionLog.overtaken(e);
                    if (decided || !overtakenNow) {
                        stale = true; // memory may hold events the log does not: reloaded before the next use
                    }
                    if (overtakenNow && attempt < MAX_ATTEMPTS) {
                        // another writer appended first: take its events from the log and decide the same commands again
                        overtaken++;
                        try {
                            if (!decided) {
                                catchUpHeld();
                            }
                        } catch (PartitionUnavailableException u) {
                            batch.forEach(p -> p.fail(u));
                            return;
                        }
                        continue;
                    }
                    PartitionUnavailableException failure = new PartitionUnavailableException(partition(), "appending failed: " + e.getMessage());
                    batch.forEach(p -> p.fail(failure));
                    return;
                }
                break;
            }
            batches++;
            commands += rows.size();
            lastSeq = state.lastSeq();
            publishOpened(events);
            this.committed.run();
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                p.answer().complete(outcomes.get(i));
                if (p.thenAnswer() != null) {
                    p.thenAnswer().complete(thens.get(i));
                }
            }
            if (!snapshotting && state.lastSeq() - lastSnapshotSeq >= Math.max(snapshotEvery, state.entries())) {
                snapshotInBackground();
            }
        } finally {
            permit.release();
        }
    }

    /** Every second without a batch, the tail another writer appended (reads on this node stay at most that stale). */
    private void catchUpWhenIdle() {
        if (System.nanoTime() - lastCatchUp < 1_000_000_000L || !permit.tryAcquire()) {
            return; // a reader, a snapshot or an XA transfer holds the state: the next idle poll will do
        }
        try {
            if (!stale) {
                catchUpHeld();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "wallet partition " + partition() + ": idle catch-up failed", e);
        } finally {
            permit.release();
        }
    }

    /**
     * The permit held and the state clean (as the log has it): applies the events other writers
     * appended after this engine's last one, in order, the same way a load applies the tail after
     * a snapshot. One index lookup when nothing moved. Stops at a gap (a branch still in flight):
     * an append over it waits for it and fails on the key if it commits.
     */
    private void catchUpHeld() {
        try {
            lastCatchUp = System.nanoTime();
            long logCommands = log.lastCommandSeq();
            if (logCommands <= commandSeq) {
                return;
            }
            List<Event> tail = new ArrayList<>();
            log.replay(state.lastSeq(), Long.MAX_VALUE, tail::add);
            applyTail(logCommands, tail);
        } catch (SQLException e) {
            stale = true;
            throw new PartitionUnavailableException(partition(), "cannot read its log's tail: " + e.getMessage());
        }
    }

    /** Applies the tail read after the command list's last sequence was: in order, up to a gap. */
    private void applyTail(long logCommands, List<Event> tail) {
        List<Event> applied = new ArrayList<>(tail.size());
        for (Event e : tail) {
            if (e.seq() != state.lastSeq() + 1) {
                break;
            }
            state.apply(e);
            applied.add(e);
        }
        commandSeq = Math.max(logCommands, state.lastCommandSeq());
        caughtUp += applied.size();
        lastSeq = state.lastSeq();
        publishOpened(applied);
        if (!applied.isEmpty()) {
            this.committed.run();
        }
    }

    /** Decides one command of a batch on the state, applying its events; its command row and events join the batch's. */
    private Outcome decide(Command command, Instant now, List<PartitionLog.CommandRow> rows, List<Event> events) {
        long seq = ++commandSeq;
        rows.add(new PartitionLog.CommandRow(seq, command.key(), command.body(), now));
        Outcome o = StateMachine.decide(state, command, seq, now);
        o.events().forEach(state::apply);
        events.addAll(o.events());
        return o;
    }

    /** Durable OPENED events join the directory of {@link #opened}. */
    private void publishOpened(List<Event> events) {
        for (Event e : events) {
            if (e.type() == EventType.OPENED) {
                opened.put(e.accountId(), new Opened(e.accountId(), e.detail(), e.currency()));
            }
        }
    }

    /** Takes a snapshot now (the 00:00 UTC timer, the staff endpoint). */
    public long snapshot(String reason) {
        acquire();
        try {
            fresh();
            snapshotHeld(reason);
            return state.lastSeq();
        } finally {
            permit.release();
        }
    }

    /**
     * The periodic snapshot, off the writer's path: the permit held, the state is copied (the
     * copy is durable up to its last event, which the batch just committed); another thread
     * encodes and saves it while the writer goes on. Encoding the whole state under the permit
     * was two thirds of the writer's samples in the engine benchmark (a partition remembering
     * hundreds of thousands of deduplication keys, snapshotted every 10,000 events). A snapshot
     * costs as much as the state is big, so one is due after {@code snapshotEvery} events or as
     * many events as the state has entries, whichever is more: its cost per event stays bounded.
     */
    private void snapshotInBackground() {
        WalletState copy = state.copy();
        Instant at = clock.instant();
        lastSnapshotSeq = copy.lastSeq(); // the next one is due counting from here, saved or not
        snapshotting = true;
        Thread t = threads.newThread(() -> {
            try {
                log.saveSnapshot(copy.lastSeq(), at, "periodic", copy.encode());
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "wallet partition " + partition() + ": periodic snapshot at event " + copy.lastSeq() + " failed", e);
            } finally {
                snapshotting = false;
            }
        });
        t.setName("wallet-snapshot-" + partition());
        t.start();
    }

    private void snapshotHeld(String reason) {
        try {
            log.saveSnapshot(state.lastSeq(), clock.instant(), reason, state.encode());
            lastSnapshotSeq = state.lastSeq();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "wallet partition " + partition() + ": snapshot failed", e);
        }
    }

    // ---- XA: the protocol holds the permit across its distributed transaction ----

    /** Takes the permit for an XA transfer; {@link #completeXa} gives it back. */
    public void beginXa() {
        acquire();
        if (stale) {
            // a reload reads on connections of its own, which a JTA transaction does not allow: the
            // caller catches up outside it and runs the transfer again (Wallets), else 503
            permit.release();
            throw new PartitionOvertakenException(partition(), "its memory is behind the log (another writer, or a rolled-back transfer)");
        }
    }

    /**
     * Between {@link #beginXa} and any decision, on the XA transaction's connection to this
     * partition: takes the log's lock exclusively (held until the transaction ends, so no other
     * writer's fence gets in) and applies the tail read on that same connection. For an XA
     * transfer run again after it was overtaken.
     */
    public void lockAndCatchUpXa(Connection c) throws SQLException {
        log.lockExclusive(c);
        catchUpOn(c);
    }

    /** The permit held: applies the tail of the log read on {@code c} (which holds the log's lock). */
    private void catchUpOn(Connection c) throws SQLException {
        long logCommands = log.lastCommandSeq(c);
        if (logCommands <= commandSeq) {
            return;
        }
        List<Event> tail = new ArrayList<>();
        log.replay(c, state.lastSeq(), Integer.MAX_VALUE, tail::add);
        applyTail(logCommands, tail);
    }

    /** Decides one command inside an XA transfer and applies its events to memory; the caller appends them. */
    public XaStep decideXa(Command command) {
        long seq = ++commandSeq;
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the log stores it: decision times are state
        Outcome o = StateMachine.decide(state, command, seq, now);
        o.events().forEach(state::apply);
        return new XaStep(new PartitionLog.CommandRow(seq, command.key(), command.body(), now), o);
    }

    /**
     * Appends an XA step's command row and events on {@code c}, the transaction's connection to this
     * partition (an XA transfer's leg, a wallet payment). Fails on the log's key when another writer
     * appended that sequence first ({@link PartitionLog#overtaken}).
     */
    public void appendXa(Connection c, XaStep step) throws SQLException {
        // the command row goes in as a fence does: with the log's lock taken shared (same statement), held
        // until this branch commits, so a cut of every partition never sees one leg of a transfer without
        // the other (WalletChecks)
        log.fence(c, step.row());
        log.appendAll(c, List.of(), step.outcome().events());
    }

    /** The state itself, for a caller holding the permit between {@link #beginXa} and {@link #completeXa}. */
    public WalletState heldState() {
        return state;
    }

    public record XaStep(PartitionLog.CommandRow row, Outcome outcome) {
    }

    /** The XA transaction ended: kept if committed, else memory is rebuilt from the log. */
    public void completeXa(boolean committed) {
        if (!committed) {
            stale = true;
        } else {
            commands++;
            lastSeq = state.lastSeq();
            this.committed.run();
        }
        permit.release();
    }

    // ---- a cut of every partition at one moment, with other writers (other nodes) on the logs ----

    /**
     * Takes the permit (this node's writer, XA transfers and readers wait) with the state loaded;
     * {@link #endCut} gives it back. The first step of a cut: every partition's permit, in
     * partition order, before any log's lock ({@link #lockForCut}).
     */
    public void beginCut() {
        acquire();
        try {
            fresh();
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
    }

    /**
     * Between {@link #beginCut} and {@link #endCut}: takes this partition's log lock exclusively on
     * {@code c} (no other writer's append in flight or beginning, on any node, until {@code c}'s
     * transaction ends) and applies the tail read on {@code c}: the state is then the log's head.
     * Once every partition is held this way, the states are one moment of every log.
     */
    public void lockForCut(Connection c, long timeoutMillis) throws SQLException {
        log.lockForCut(c, timeoutMillis);
        catchUpOn(c);
    }

    public void endCut() {
        permit.release();
    }

    // ---- rebuild ----

    /** The live state (encoded) and the event it reflects, taken consistently. */
    public record Live(long seq, String encoded) {
    }

    public Live live() {
        return read(s -> new Live(s.lastSeq(), s.encode()));
    }

    /** Rebuilds the state up to {@code seq}: from the first event, or from the latest snapshot at or before it. */
    public WalletState rebuild(long seq, boolean fromSnapshot) throws SQLException {
        WalletState rebuilt = new WalletState();
        long after = 0;
        if (fromSnapshot) {
            var snapshot = log.latestSnapshot(seq);
            if (snapshot.isPresent()) {
                rebuilt = WalletState.decode(snapshot.get().state());
                after = snapshot.get().seq();
            }
        }
        WalletState target = rebuilt;
        log.replay(after, seq, target::apply);
        return target;
    }

    private void fresh() {
        if (!stale) {
            return;
        }
        try {
            awaitNoPreparedBranch();
            long commandsBefore = log.lastCommandSeq(); // first: the events read next include every event of these commands
            long last = log.lastEventSeq();
            state = rebuild(last, true);
            commandSeq = Math.max(commandsBefore, state.lastCommandSeq());
            lastSnapshotSeq = log.latestSnapshot(last).map(PartitionLog.Snapshot::seq).orElse(0L);
            stale = false;
            lastSeq = state.lastSeq();
            for (WalletState.Account a : state.accounts()) {
                opened.put(a.id(), new Opened(a.id(), a.owner(), a.currency()));
            }
            LOG.info(() -> "wallet partition " + partition() + ": state loaded up to event " + state.lastSeq()
                    + " (" + state.accounts().size() + " accounts)");
        } catch (SQLException e) {
            throw new PartitionUnavailableException(partition(), "cannot load its state: " + e.getMessage());
        }
    }

    /**
     * Loading the state while an XA branch of this partition is prepared would leave out events
     * that commit later (a transfer whose commit reached the other partition but not this one, when
     * this database went down between the two): memory would show the credit without the debit.
     * The ledger feed's own short XA transactions prepare branches too, so wait a little for them;
     * a branch still in doubt after that waits for Narayana's recovery, and the partition answers
     * "unavailable" meanwhile, as at start ({@link #awaitInDoubtBranches}).
     */
    private void awaitNoPreparedBranch() throws SQLException {
        long until = System.nanoTime() + 5_000_000_000L;
        long prepared;
        while ((prepared = log.preparedTransactions()) > 0) {
            if (System.nanoTime() > until) {
                long n = prepared;
                throw new PartitionUnavailableException(partition(), n + " XA branch(es) in doubt, awaiting recovery");
            }
            try {
                Thread.sleep(100); // a server thread polling the database, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartitionUnavailableException(partition(), "interrupted");
            }
        }
    }

    private void acquire() {
        try {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new PartitionUnavailableException(partition(), "still recovering");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitionUnavailableException(partition(), "interrupted");
        }
        acquire0();
    }

    private void acquire0() {
        try {
            if (!permit.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new PartitionUnavailableException(partition(), "busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitionUnavailableException(partition(), "interrupted");
        }
    }
}
