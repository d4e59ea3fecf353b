package org.reckon.leaderboard;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.PlayerScore;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.shared.ReckonException;

/**
 * Keeps Redis a projection of player_score. A score change is written to Redis after its
 * transaction commits (never before: a rolled-back score is never shown). When Redis cannot take
 * it, nothing is lost: PostgreSQL has the score, the projection notes since when it is behind,
 * and every {@value #CATCH_UP_SECONDS} s, once Redis answers again, it replays the scores reached
 * since then (ZADD GT, pipelined); if the month's board has fewer members than PostgreSQL has
 * players (Redis restarted empty), it starts the rebuild job instead. At startup it replays the
 * last {@value #STARTUP_REPLAY_MINUTES} minutes, for a server that died between a commit and its
 * projection, and rebuilds a month whose board lacks players, after {@link RebuildRecovery} restarted
 * a rebuild the server was running when it died (no second rebuild beside a running one).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Projection {

    static final int CATCH_UP_SECONDS = 5;
    static final int STARTUP_REPLAY_MINUTES = 10;
    private static final int PAGE = 5_000;
    private static final Logger LOG = Logger.getLogger(Projection.class.getName());

    @EJB
    RedisBoards redis;

    @EJB
    RebuildJobs rebuilds;

    @EJB
    RebuildRecovery recovery;

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry registry;

    @EJB
    ScoreNotices notices;

    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Instant> behindSince = new AtomicReference<>();
    private volatile boolean started;

    /** Projects {@code score} once the current transaction has committed. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void afterCommit(PlayerScore score) {
        afterCommit(score.month(), score.userId(), score.score(), score.reachedAt());
    }

    /** Projects a player's score of {@code month}, reached at {@code reachedAt}, once the current transaction has committed. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void afterCommit(Month month, String userId, long score, Instant reachedAt) {
        double key = org.reckon.leaderboard.domain.RankKey.encode(score, month, reachedAt);
        onCommit(() -> project(month, userId, key, reachedAt));
    }

    /** Runs {@code projection} once the current transaction has committed, and never if it rolls back. */
    private void onCommit(Runnable projection) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    projection.run();
                }
            }
        });
    }

    /** A score to project: a player's score of a month, reached at an instant. */
    public record Scored(Month month, String userId, long score, Instant reachedAt) {
    }

    /**
     * Projects many scores once the current transaction has committed, in one Redis pipeline per
     * month (a group commit's results).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void afterCommit(List<Scored> scores) {
        if (scores.isEmpty()) {
            return;
        }
        onCommit(() -> projectAll(scores));
    }

    void projectAll(List<Scored> scores) {
        java.util.Map<Month, List<RedisBoards.Member>> byMonth = new java.util.LinkedHashMap<>();
        Instant earliest = scores.get(0).reachedAt();
        for (Scored s : scores) {
            byMonth.computeIfAbsent(s.month(), m -> new java.util.ArrayList<>())
                    .add(new RedisBoards.Member(s.userId(), org.reckon.leaderboard.domain.RankKey.encode(s.score(), s.month(), s.reachedAt())));
            if (s.reachedAt().isBefore(earliest)) {
                earliest = s.reachedAt();
            }
        }
        try {
            byMonth.forEach(redis::putAll);
            byMonth.keySet().forEach(m -> notices.changed(m.toString()));
        } catch (ReckonException e) {
            behind(earliest.minusSeconds(1));
        }
    }

    void project(Month month, String userId, double key, Instant reachedAt) {
        try {
            redis.put(month, userId, key);
            notices.changed(month.toString());
        } catch (ReckonException e) {
            behind(reachedAt.minusSeconds(1));
        }
    }

    private void behind(Instant since) {
        if (behindSince.compareAndSet(null, since)) {
            LOG.warning(() -> "leaderboard: Redis unreachable; the projection is behind since " + since
                    + " and catches up when it answers");
        }
    }

    /** Since when the projection is behind, or null when it is not. */
    public Instant behindSince() {
        return behindSince.get();
    }

    @Schedule(hour = "*", minute = "*", second = "*/" + CATCH_UP_SECONDS, persistent = false)
    void catchUp() {
        if (!started) {
            started = true;
            behindSince.compareAndSet(null, clock.instant().minus(Duration.ofMinutes(STARTUP_REPLAY_MINUTES)));
            // a rebuild this server was running when it died is restarted first, so the check below
            // does not start a second one beside it
            try {
                recovery.reclaim();
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "leaderboard: crashed rebuilds not looked for now; RebuildRecovery's timer looks again", e);
            }
        }
        Instant since = behindSince.get();
        if (since == null || !redis.reachable()) {
            return;
        }
        try {
            Month month = Month.current(clock);
            long stored = em.createQuery("SELECT COUNT(s) FROM PlayerScore s WHERE s.id.month = :m", Long.class)
                    .setParameter("m", month.toString()).getSingleResult();
            if (redis.count(month) < stored) {
                if (rebuilds.running(month, since)) {
                    LOG.info(() -> "leaderboard: Redis holds fewer players of " + month + " than PostgreSQL; a rebuild of it is running");
                } else {
                    LOG.info(() -> "leaderboard: Redis holds fewer players of " + month + " than PostgreSQL; rebuilding");
                    rebuilds.start(month);
                }
            } else {
                long replayed = replay(since);
                LOG.info(() -> "leaderboard: projection caught up (" + replayed + " scores since " + since + ")");
            }
            behindSince.compareAndSet(since, null);
            notices.changed(month.toString());
        } catch (ReckonException e) {
            // still unreachable: next time
        }
    }

    private long replay(Instant since) {
        long replayed = 0;
        int first = 0;
        while (true) {
            List<PlayerScore> page = em.createQuery(
                            "SELECT s FROM PlayerScore s WHERE s.reachedAt >= :since ORDER BY s.reachedAt, s.id.userId",
                            PlayerScore.class)
                    .setParameter("since", since).setFirstResult(first).setMaxResults(PAGE).getResultList();
            java.util.Map<Month, List<RedisBoards.Member>> byMonth = new java.util.HashMap<>();
            for (PlayerScore s : page) {
                byMonth.computeIfAbsent(s.month(), m -> new java.util.ArrayList<>())
                        .add(new RedisBoards.Member(s.userId(), s.rankKey()));
            }
            byMonth.forEach(redis::putAll);
            replayed += page.size();
            em.clear();
            if (page.size() < PAGE) {
                return replayed;
            }
            first += PAGE;
        }
    }
}
