package org.reckon.platform.idempotency.store;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * The first answer to an {@code Idempotency-Key}. Claimed IN_PROGRESS before the work starts
 * (in its own transaction), COMPLETED in the work's transaction (a bulk UPDATE, {@code Idempotency.complete}). A claim whose work never
 * committed (crash) can be taken over once {@code locked_until} has passed, or at once when
 * {@code claimed_by} shows it was abandoned (see {@code KeysInFlight}).
 */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord {

    public enum State { IN_PROGRESS, COMPLETED }

    @EmbeddedId
    private IdempotencyKey key;

    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false, length = 20)
    private State state;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_body", length = 1_000_000)
    private String responseBody;

    /** The Location header of the first answer, replayed with it (null when it had none). */
    @Column(name = "response_location", length = 2000)
    private String responseLocation;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "locked_until", nullable = false)
    private Instant lockedUntil;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    /** "node/run" of the server holding the claim (null for claims older than this column). */
    @Column(name = "claimed_by", length = 200)
    private String claimedBy;

    protected IdempotencyRecord() {
    }

    public IdempotencyRecord(IdempotencyKey key, String requestHash, Instant now, Duration lock, Duration retention,
                             String claimedBy) {
        this.key = key;
        this.claimedBy = claimedBy;
        this.requestHash = requestHash;
        this.state = State.IN_PROGRESS;
        this.createdAt = now;
        this.lockedUntil = now.plus(lock);
        this.expiresAt = now.plus(retention);
    }

    /** Takes over a stale or abandoned claim whose work never committed. */
    public void reclaim(String requestHash, Instant now, Duration lock, String claimedBy) {
        this.requestHash = requestHash;
        this.claimedBy = claimedBy;
        this.lockedUntil = now.plus(lock);
    }

    public IdempotencyKey key() {
        return key;
    }

    public String requestHash() {
        return requestHash;
    }

    public State state() {
        return state;
    }

    public Integer responseStatus() {
        return responseStatus;
    }

    public String responseBody() {
        return responseBody;
    }

    public String responseLocation() {
        return responseLocation;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String claimedBy() {
        return claimedBy;
    }
}
