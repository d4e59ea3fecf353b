package org.reckon.leaderboard.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A match result applied to a player's score, once: its match_id is its identity. */
@Entity
@Table(name = "match_result")
public class MatchResult {

    /** Which way a result arrived. */
    public enum Source { HTTP, JMS }

    @Id
    @Column(name = "match_id", nullable = false, length = 100)
    private String matchId;

    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    @Column(name = "season", nullable = false, length = 7)
    private String month;

    @Column(name = "points", nullable = false)
    private long points;

    @Column(name = "source", nullable = false, length = 10)
    private String source;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected MatchResult() {
        // for JPA
    }

    public MatchResult(String matchId, String userId, Month month, long points, Source source, Instant recordedAt) {
        this.matchId = Objects.requireNonNull(matchId);
        this.userId = Objects.requireNonNull(userId);
        this.month = month.toString();
        this.points = points;
        this.source = source.name();
        this.recordedAt = Objects.requireNonNull(recordedAt);
    }

    public String matchId() {
        return matchId;
    }

    public String userId() {
        return userId;
    }

    public Month month() {
        return Month.parse(month);
    }

    public long points() {
        return points;
    }

    public Source source() {
        return Source.valueOf(source);
    }

    public Instant recordedAt() {
        return recordedAt;
    }
}
