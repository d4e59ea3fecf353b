package org.reckon.leaderboard;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.leaderboard.domain.MatchResult;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Group commit of the match results posted over HTTP (PostgreSQL). A request hands its result to
 * one writer thread and waits; the writer takes every result waiting (up to {@value #MAX_BATCH}),
 * applies them in ONE transaction ({@link Scores#recordAll}: the one statement per result, one
 * commit, one Redis pipeline after it) and only then answers each request with its own outcome.
 * Under load the batches grow by themselves (the results that arrive while one batch commits form
 * the next); a lone request waits for nobody.
 *
 * Guarantees, as {@link Scores#record}: a match counts once (the match_result insert arbitrates,
 * also against the JMS path and within a batch); nothing is answered before its commit, so
 * nothing acknowledged is lost; a refused result changes nothing and gets its own problem. A
 * result past the monthly cap, or any failure of the batch's transaction (a deadlock with the JMS
 * path, a lost connection), rolls the whole batch back and the writer applies each of its results
 * alone, in a transaction of its own, as without the group commit.
 *
 * The system property {@value #OFF}{@code =true} (read per request) turns it off: each request
 * records in its own transaction, on its own thread (the benchmark's "before", same run). On H2
 * (dev) it is off.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScoreWriter {

    /** Set to true to record each posted result in its own transaction (runtime switch). */
    public static final String OFF = "reckon.leaderboard.group-commit-off";
    static final int MAX_BATCH = 256;
    private static final int QUEUE = 4_096;
    private static final long WAIT_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(ScoreWriter.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @EJB
    Scores scores;

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean running;
    private volatile Boolean postgres;
    private Thread writer;

    @PostConstruct
    void start() {
        running = true;
        writer = threads.newThread(this::loop);
        writer.setName("leaderboard-group-commit");
        writer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.answer.completeExceptionally(stopping()));
    }

    /** Records a posted match result, in a group commit when on; as {@link Scores#record} otherwise. */
    public Scores.Recorded record(String matchId, String userId, long points, MatchResult.Source source) {
        if (Boolean.getBoolean(OFF) || !running || !postgres()) {
            return scores.record(matchId, userId, points, source);
        }
        if (points < 1 || points > Scores.MAX_POINTS) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                    "points must be between 1 and " + Scores.MAX_POINTS, "points");
        }
        Pending pending = new Pending(new Scores.Result(matchId, userId, points, source), new CompletableFuture<>());
        Scores.Outcome outcome;
        try {
            if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw busy();
            }
            outcome = pending.answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (TimeoutException e) {
            // not acknowledged: a retry with the same match_id counts it once either way
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return outcome.recorded();
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = scores.onPostgres();
            postgres = known;
        }
        return known;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.answer.completeExceptionally(stopping()));
                return;
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "leaderboard: the group-commit writer failed", t);
                batch.forEach(p -> p.answer.completeExceptionally(new IllegalStateException("group commit failed", t)));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Scores.Outcome> outcomes = null;
        try {
            outcomes = scores.recordAll(batch.stream().map(Pending::result).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "leaderboard: a group commit of " + batch.size() + " rolled back; applying each alone", e);
        }
        if (outcomes != null) {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer.complete(outcomes.get(i));
            }
            return;
        }
        for (Pending p : batch) {
            Scores.Result r = p.result();
            try {
                p.answer.complete(new Scores.Outcome(scores.record(r.matchId(), r.userId(), r.points(), r.source()), null));
            } catch (ReckonException e) {
                p.answer.complete(new Scores.Outcome(null, e));
            } catch (RuntimeException e) {
                p.answer.completeExceptionally(e);
            }
        }
    }

    private static ReckonException busy() {
        return new ReckonException(ErrorCode.DATABASE_BUSY, "the score was not recorded in time; post it again (same match_id)");
    }

    private static ReckonException stopping() {
        return new ReckonException(ErrorCode.DATABASE_BUSY, "the server is stopping; post the score again (same match_id)");
    }

    private record Pending(Scores.Result result, CompletableFuture<Scores.Outcome> answer) {
    }
}
