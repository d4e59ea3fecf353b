package org.reckon.leaderboard.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A player's score is per month: (month, user_id). */
@Embeddable
public class PlayerScoreId implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(name = "season", nullable = false, length = 7)
    private String month;

    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    protected PlayerScoreId() {
        // for JPA
    }

    public PlayerScoreId(String month, String userId) {
        this.month = Objects.requireNonNull(month);
        this.userId = Objects.requireNonNull(userId);
    }

    public String month() {
        return month;
    }

    public String userId() {
        return userId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlayerScoreId other && month.equals(other.month) && userId.equals(other.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(month, userId);
    }
}
