package org.reckon.platform.idempotency;

import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.logging.Logger;
import org.reckon.platform.persistence.Entities;

/**
 * Idempotency-Key handling (chapter 11, "exactly-once delivery": at most once by idempotency).
 * <ol>
 *   <li>{@link #claim} in its own transaction: a new key is recorded IN_PROGRESS; a completed one
 *       replays its response (or 422 for a different request); one in progress answers 409.</li>
 *   <li>The use case runs and calls {@link #complete} in its own transaction, so the stored
 *       response commits exactly when the effect does.</li>
 *   <li>If the use case fails, {@link #release} removes the claim: a failure stores nothing.</li>
 * </ol>
 * A claim left by a crash, or by a failure whose release could not reach the database (work never
 * committed), is taken over at once when it was this node's ({@link KeysInFlight}), and otherwise
 * after {@link #LOCK}. Callers bracket the whole request with {@link KeysInFlight#enter} and
 * {@link KeysInFlight#leave}. Records are kept for {@link #RETENTION}.
 */
@Stateless
public class Idempotency {

    public static final Duration LOCK = Duration.ofSeconds(60);
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(Idempotency.class.getName());

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    @Inject
    KeysInFlight inFlight;

    private final Clock clock = Clock.systemUTC();

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Claim claim(IdempotencyKey key, String requestHash) {
        Instant now = clock.instant();
        IdempotencyRecord record = Entities.find(em, IdempotencyRecord.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (record != null && record.expiresAt().isBefore(now)) {
            em.remove(record);
            em.flush();
            record = null;
        }
        if (record == null) {
            em.persist(new IdempotencyRecord(key, requestHash, now, LOCK, RETENTION, inFlight.claimant()));
            em.flush(); // a concurrent first claim fails here, on the primary key
            return new Claim.Started();
        }
        if (!record.requestHash().equals(requestHash)) {
            return new Claim.Mismatch();
        }
        if (record.state() == IdempotencyRecord.State.COMPLETED) {
            return new Claim.Replay(record.responseStatus(), record.responseBody());
        }
        if (record.lockedUntil().isAfter(now) && !inFlight.abandoned(record.claimedBy(), key)) {
            return new Claim.InProgress();
        }
        record.reclaim(requestHash, now, LOCK, inFlight.claimant());
        return new Claim.Started();
    }

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void complete(IdempotencyKey key, int status, String body) {
        IdempotencyRecord record = Entities.find(em, IdempotencyRecord.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            throw new IllegalStateException("no claim for idempotency key " + key.key());
        }
        record.complete(status, body);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(IdempotencyKey key) {
        IdempotencyRecord record = Entities.find(em, IdempotencyRecord.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (record != null && record.state() == IdempotencyRecord.State.IN_PROGRESS) {
            em.remove(record);
        }
    }

    /** Hourly: forget keys older than the retention period. */
    @Schedule(hour = "*", minute = "17", persistent = false)
    public void purgeExpired() {
        int purged = em.createQuery("DELETE FROM IdempotencyRecord r WHERE r.expiresAt < :now")
                .setParameter("now", clock.instant())
                .executeUpdate();
        if (purged > 0) {
            LOG.info(() -> "Purged " + purged + " expired idempotency keys");
        }
    }

    /** SHA-256 (hex) of a canonical request, to recognise "the same request" under one key. */
    public static String hash(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
