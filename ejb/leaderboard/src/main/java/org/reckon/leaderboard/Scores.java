package org.reckon.leaderboard;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
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

    /** A match result as recorded. */
    public record Recorded(String matchId, String userId, String month, long score, boolean applied) {
    }
}
