package org.reckon.leaderboard.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A player who may score: the game server registers them with the name the boards show. */
@Entity
@Table(name = "player")
public class Player {

    @Id
    @Column(name = "user_id", nullable = false, length = 64)
    private String userId;

    @Column(name = "user_name", nullable = false, length = 100)
    private String userName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Player() {
        // for JPA
    }

    public Player(String userId, String userName, Instant createdAt) {
        this.userId = Objects.requireNonNull(userId);
        this.userName = Objects.requireNonNull(userName);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    public String userId() {
        return userId;
    }

    public String userName() {
        return userName;
    }

    public void rename(String userName) {
        this.userName = Objects.requireNonNull(userName);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
