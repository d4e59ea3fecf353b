package org.reckon.leaderboard.domain;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A player's score in one month and the instant they reached it: the durable truth from which
 * the Redis sorted set of that month is projected (and rebuilt).
 */
@Entity
@Table(name = "player_score")
public class PlayerScore {

    @EmbeddedId
    private PlayerScoreId id;

    @Column(name = "score", nullable = false)
    private long score;

    @Column(name = "reached_at", nullable = false)
    private Instant reachedAt;

    protected PlayerScore() {
        // for JPA
    }

    public PlayerScore(Month month, String userId) {
        this.id = new PlayerScoreId(month.toString(), userId);
    }

    /** Adds the points of a match won at {@code at}; the score is then reached at that instant. */
    public void add(long points, Instant at) {
        if (points <= 0) {
            throw new IllegalArgumentException("points must be positive: " + points);
        }
        this.score = Math.addExact(score, points);
        this.reachedAt = Objects.requireNonNull(at);
    }

    public Month month() {
        return Month.parse(id.month());
    }

    public String userId() {
        return id.userId();
    }

    public long score() {
        return score;
    }

    public Instant reachedAt() {
        return reachedAt;
    }

    /** The member's score in the month's sorted set. */
    public double rankKey() {
        return RankKey.encode(score, month(), reachedAt);
    }
}
