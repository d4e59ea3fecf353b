package org.reckon.leaderboard;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.reckon.leaderboard.domain.LeaderboardError;
import org.reckon.leaderboard.domain.MatchResult;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.Player;
import org.reckon.leaderboard.domain.PlayerScore;
import org.reckon.leaderboard.domain.PlayerScoreId;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.platform.inbox.Inbox;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Writes to the leaderboard: players, and match results. A result is recorded in PostgreSQL in
 * one transaction with its inbox entry (consumer {@value #INBOX}, message id = match_id), whichever
 * way it came (POST /v1/scores or the MatchResults queue): a match counts exactly once. Redis is
 * written after the commit ({@link Projection}).
 */
@Stateless
public class Scores {

    /** The inbox consumer of every match result, whichever way it arrives. */
    public static final String INBOX = "leaderboard-match-results";
    /** The most points one match may give. */
    public static final long MAX_POINTS = 1_000;

    @PersistenceContext(unitName = "leaderboard")
    EntityManager em;

    @EJB
    Projection projection;

    @EJB
    PlayerNames names;

    @Resource
    SessionContext context;

    private final Clock clock = Clock.systemUTC();

    /** Registers a player, or renames one. Returns true when the player is new. */
    public boolean register(String userId, String userName) {
        Player player = em.find(Player.class, userId);
        boolean created = player == null;
        if (created) {
            em.persist(new Player(userId, userName, clock.instant()));
        } else {
            player.rename(userName);
        }
        em.flush();
        names.remember(userId, userName);
        return created;
    }

    /**
     * Applies a match result once. Returns the player's score after it, and whether this call
     * applied it ({@code false}: the match had been counted before, nothing changed).
     */
    public Recorded record(String matchId, String userId, long points, MatchResult.Source source) {
        if (points < 1 || points > MAX_POINTS) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                    "points must be between 1 and " + MAX_POINTS, "points");
        }
        if (postgres()) {
            return recordInOneStatement(matchId, userId, points, source);
        }
        // H2 (dev): the same effect through JPA, six statements.
        // the player's row lock serializes a player's results, so the month's first one inserts
        // the player_score row without a race (and the inbox's deferred key settles duplicates)
        if (em.find(Player.class, userId, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new ReckonException(ErrorCode.UNPROCESSABLE, "No player " + userId, "user_id");
        }
        Instant now = clock.instant();
        if (!new Inbox(em, clock).firstDelivery(INBOX, matchId)) {
            MatchResult earlier = em.find(MatchResult.class, matchId);
            if (earlier != null && !earlier.userId().equals(userId)) {
                throw new ReckonException(ErrorCode.CONFLICT,
                        "match " + matchId + " was counted for another player", "match_id");
            }
            Month month = earlier == null ? Month.of(now) : earlier.month();
            PlayerScore score = em.find(PlayerScore.class, new PlayerScoreId(month.toString(), userId));
            return new Recorded(matchId, userId, month.toString(), score == null ? 0 : score.score(), false);
        }
        Month month = Month.of(now);
        PlayerScore score = em.find(PlayerScore.class, new PlayerScoreId(month.toString(), userId));
        boolean first = score == null;
        if (first) {
            score = new PlayerScore(month, userId);
        }
        if (score.score() + points > RankKey.MAX_SCORE) {
            throw new ReckonException(ErrorCode.UNPROCESSABLE,
                    "a monthly score cannot exceed " + RankKey.MAX_SCORE, "points");
        }
        score.add(points, now);
        if (first) {
            em.persist(score);
        }
        em.persist(new MatchResult(matchId, userId, month, points, source, now));
        projection.afterCommit(score);
        return new Recorded(matchId, userId, month.toString(), score.score(), true);
    }

    /**
     * Group commit (PostgreSQL only, {@link ScoreWriter}): applies many match results in THIS one
     * transaction, each with the one statement of {@link #recordInOneStatement}, in order. Returns
     * one outcome per result, in the same order: its {@link Recorded}, or the refusal that changed
     * nothing (an unknown player, a match counted for another player: neither statement inserted
     * anything). Returns null, and marks the transaction for rollback, when a result would pass
     * the monthly cap (its statement inserted rows that only a rollback removes): the caller then
     * applies each result alone. The projection of every applied result to Redis is one pipeline
     * after the commit.
     */
    public List<Outcome> recordAll(List<Result> results) {
        List<Outcome> outcomes = new ArrayList<>(results.size());
        List<Projection.Scored> projected = new ArrayList<>(results.size());
        Session session = em.unwrap(Session.class);
        for (Result r : results) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Month month = Month.of(now);
            Applied applied = session.doReturningWork(c -> apply(c, r.matchId(), r.userId(), r.points(), r.source(), now, month));
            if (!applied.playerKnown()) {
                outcomes.add(new Outcome(null, new ReckonException(ErrorCode.UNPROCESSABLE, "No player " + r.userId(), "user_id")));
            } else if (!applied.inserted()) {
                Counted counted = session.doReturningWork(c -> counted(c, r.matchId()));
                outcomes.add(counted.userId().equals(r.userId())
                        ? new Outcome(new Recorded(r.matchId(), r.userId(), counted.month(), counted.score(), false), null)
                        : new Outcome(null, new ReckonException(ErrorCode.CONFLICT,
                                "match " + r.matchId() + " was counted for another player", "match_id")));
            } else if (applied.score() > RankKey.MAX_SCORE) {
                context.setRollbackOnly();
                return null;
            } else {
                projected.add(new Projection.Scored(month, r.userId(), applied.score(), applied.reachedAt()));
                outcomes.add(new Outcome(new Recorded(r.matchId(), r.userId(), month.toString(), applied.score(), true), null));
            }
        }
        projection.afterCommit(projected);
        return outcomes;
    }

    /** A match result to apply. */
    public record Result(String matchId, String userId, long points, MatchResult.Source source) {
    }

    /** What became of a result: recorded, or refused (nothing changed). */
    public record Outcome(Recorded recorded, ReckonException refused) {
    }

    /** Whether the one-statement path (and so the group commit) applies: the database is PostgreSQL. */
    public boolean onPostgres() {
        return postgres();
    }

    /**
     * PostgreSQL: the whole first delivery is one statement, one round trip. The match_result
     * insert is the arbiter ({@code ON CONFLICT (match_id) DO NOTHING}: a concurrent delivery of the
     * same match waits for the first one's transaction and then inserts nothing); only when it
     * inserted do the inbox row and the score upsert happen ({@code ON CONFLICT (season, user_id)
     * DO UPDATE}: the score row's lock serializes one player's results, and the month's first
     * result inserts the row without a race). All of it commits or rolls back together. A repeated
     * match costs a second statement that reads what was counted.
     */
    private Recorded recordInOneStatement(String matchId, String userId, long points, MatchResult.Source source) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Month month = Month.of(now);
        Applied applied = em.unwrap(Session.class).doReturningWork(c -> apply(c, matchId, userId, points, source, now, month));
        if (!applied.playerKnown()) {
            throw new ReckonException(ErrorCode.UNPROCESSABLE, "No player " + userId, "user_id");
        }
        if (!applied.inserted()) {
            Counted counted = em.unwrap(Session.class).doReturningWork(c -> counted(c, matchId));
            if (!counted.userId().equals(userId)) {
                throw new ReckonException(ErrorCode.CONFLICT,
                        "match " + matchId + " was counted for another player", "match_id");
            }
            return new Recorded(matchId, userId, counted.month(), counted.score(), false);
        }
        if (applied.score() > RankKey.MAX_SCORE) {
            // rolls the statement's inserts back with the transaction (an application exception)
            throw new ReckonException(ErrorCode.UNPROCESSABLE,
                    "a monthly score cannot exceed " + RankKey.MAX_SCORE, "points");
        }
        projection.afterCommit(month, userId, applied.score(), applied.reachedAt());
        return new Recorded(matchId, userId, month.toString(), applied.score(), true);
    }

    private static final String APPLY = """
            WITH p AS (SELECT user_id FROM player WHERE user_id = ?),
            m AS (INSERT INTO match_result (match_id, user_id, season, points, source, recorded_at)
                  SELECT ?, p.user_id, ?, ?, ?, ? FROM p
                  ON CONFLICT (match_id) DO NOTHING RETURNING match_id),
            i AS (INSERT INTO processed_message (consumer, message_id, processed_at)
                  SELECT ?, m.match_id, ? FROM m),
            s AS (INSERT INTO player_score (season, user_id, score, reached_at)
                  SELECT ?, ?, ?, ? FROM m
                  ON CONFLICT (season, user_id) DO UPDATE SET score = player_score.score + EXCLUDED.score,
                      reached_at = GREATEST(player_score.reached_at, EXCLUDED.reached_at)
                  RETURNING score, reached_at)
            SELECT (SELECT count(*) FROM p), (SELECT count(*) FROM m), s.score, s.reached_at
            FROM (SELECT 1) AS one LEFT JOIN s ON true""";

    private static Applied apply(Connection c, String matchId, String userId, long points, MatchResult.Source source,
                                 Instant now, Month month) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement s = c.prepareStatement(APPLY)) {
            int i = 0;
            s.setString(++i, userId);
            s.setString(++i, matchId);
            s.setString(++i, month.toString());
            s.setLong(++i, points);
            s.setString(++i, source.name());
            s.setObject(++i, at);
            s.setString(++i, INBOX);
            s.setObject(++i, at);
            s.setString(++i, month.toString());
            s.setString(++i, userId);
            s.setLong(++i, points);
            s.setObject(++i, at);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                boolean inserted = r.getLong(2) == 1;
                OffsetDateTime reached = r.getObject(4, OffsetDateTime.class);
                return new Applied(r.getLong(1) == 1, inserted, inserted ? r.getLong(3) : 0,
                        reached == null ? null : reached.toInstant());
            }
        }
    }

    private static final String COUNTED = """
            SELECT r.user_id, r.season, s.score FROM match_result r
            LEFT JOIN player_score s ON s.season = r.season AND s.user_id = r.user_id
            WHERE r.match_id = ?""";

    /** What a match counted before was counted for: its player, month, and their score now. */
    private static Counted counted(Connection c, String matchId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COUNTED)) {
            s.setString(1, matchId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("match " + matchId + " is neither new nor counted");
                }
                return new Counted(r.getString(1), r.getString(2), r.getLong(3));
            }
        }
    }

    private record Counted(String userId, String month, long score) {
    }

    private record Applied(boolean playerKnown, boolean inserted, long score, Instant reachedAt) {
    }

    private static volatile Boolean postgres;

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = em.unwrap(Session.class).doReturningWork(
                    c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = known;
        }
        return known;
    }

    /** A match result as recorded. */
    public record Recorded(String matchId, String userId, String month, long score, boolean applied) {
    }
}
