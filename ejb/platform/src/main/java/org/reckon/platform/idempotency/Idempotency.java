package org.reckon.platform.idempotency;

import org.reckon.platform.idempotency.store.IdempotencyRecord;
import org.reckon.platform.idempotency.store.IdempotencyKey;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.reckon.platform.persistence.Entities;
import org.reckon.platform.database.ReckonDatabase;
import org.reckon.platform.cluster.SingletonWork;

/**
 * Idempotency-Key handling (chapter 11, "exactly-once delivery": at most once by idempotency),
 * for any context: each call names the context's database ({@link ReckonDatabase#key()}), whose
 * {@code idempotency_record} table holds that context's keys.
 * <ol>
 *   <li>{@link #claim} in its own transaction: a new key is recorded IN_PROGRESS; a completed one
 *       replays its response (or 422 for a different request); one in progress answers 409.</li>
 *   <li>{@link #runAndStore} runs the work and stores its response in ONE transaction, so the
 *       stored response commits exactly when the effect does: the work's use cases (REQUIRED)
 *       join this transaction instead of committing on their own.</li>
 *   <li>If the work fails, {@link #release} removes the claim: a failure stores nothing.</li>
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
    private static final Map<String, EntityManagerFactory> UNITS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> POSTGRES = new ConcurrentHashMap<>();

    @Inject
    KeysInFlight inFlight;

    @Resource
    SessionContext context;

    private final Clock clock = Clock.systemUTC();

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Claim claim(String database, IdempotencyKey key, String requestHash) {
        EntityManager em = entityManager(database);
        try {
            Instant now = clock.instant();
            if (claimedNew(database, em, key, requestHash, now)) {
                return new Claim.Started();
            }
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
                return new Claim.Replay(new StoredResponse(record.responseStatus(), record.responseBody(),
                        record.responseLocation()));
            }
            if (record.lockedUntil().isAfter(now) && !inFlight.abandoned(record.claimedBy(), key)) {
                return new Claim.InProgress();
            }
            record.reclaim(requestHash, now, LOCK, inFlight.claimant());
            em.flush();
            return new Claim.Started();
        } finally {
            em.close(); // the persistence context stays with the transaction until it completes
        }
    }

    /**
     * A new key, the usual case, in one statement on PostgreSQL: the insert that a key already
     * present makes do nothing (a concurrent first claim's insert waits for that one's outcome).
     * False when the key was there, and on databases without {@code ON CONFLICT} (H2 in dev): the
     * caller then reads the record under a lock, as for every key before.
     */
    private boolean claimedNew(String database, EntityManager em, IdempotencyKey key, String requestHash, Instant now) {
        if (!POSTGRES.computeIfAbsent(database, d -> unit(d).unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
                .getJdbcServices().getDialect() instanceof org.hibernate.dialect.PostgreSQLDialect)) {
            return false;
        }
        return em.createNativeQuery("INSERT INTO idempotency_record (principal, idem_key, request_hash, state, created_at,"
                        + " locked_until, expires_at, claimed_by) VALUES (?1, ?2, ?3, 'IN_PROGRESS', ?4, ?5, ?6, ?7)"
                        + " ON CONFLICT DO NOTHING")
                // the one table it writes: without it Hibernate empties every second-level cache region of
                // the unit (the hotel's cached hotels and room types) after a native statement
                .unwrap(org.hibernate.query.NativeQuery.class).addSynchronizedEntityClass(IdempotencyRecord.class)
                .setParameter(1, key.principal())
                .setParameter(2, key.key())
                .setParameter(3, requestHash)
                .setParameter(4, now)
                .setParameter(5, now.plus(LOCK))
                .setParameter(6, now.plus(RETENTION))
                .setParameter(7, inFlight.claimant())
                .executeUpdate() == 1;
    }

    /**
     * Runs {@code work} and stores what {@link StoredResponse recorder} makes of its result, in
     * the caller's transaction or a new one: committed together, or not at all. A failure of
     * the work marks the transaction for rollback and comes back as {@link WorkFailed} carrying
     * the work's own exception, unwrapped by no container, so the caller can rethrow it as is.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public <T> T runAndStore(String database, IdempotencyKey key, Callable<T> work,
                             Function<T, StoredResponse> recorder) throws WorkFailed {
        T result;
        StoredResponse response;
        try {
            result = work.call();
            response = recorder.apply(result);
        } catch (Exception e) {
            context.setRollbackOnly();
            throw new WorkFailed(e);
        }
        complete(database, key, response);
        return result;
    }

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void complete(String database, IdempotencyKey key, StoredResponse response) {
        EntityManager em = entityManager(database);
        try {
            // one UPDATE, which locks the row as the read under a lock did before it
            int completed = em.createQuery("UPDATE IdempotencyRecord r SET r.state = :completed, r.responseStatus = :status,"
                            + " r.responseBody = :body, r.responseLocation = :location WHERE r.key = :key")
                    .setParameter("completed", IdempotencyRecord.State.COMPLETED)
                    .setParameter("status", response.status())
                    .setParameter("body", response.body())
                    .setParameter("location", response.location())
                    .setParameter("key", key)
                    .executeUpdate();
            if (completed == 0) {
                throw new IllegalStateException("no claim for idempotency key " + key.key());
            }
        } finally {
            em.close();
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(String database, IdempotencyKey key) {
        EntityManager em = entityManager(database);
        try {
            IdempotencyRecord record = Entities.find(em, IdempotencyRecord.class, key, LockModeType.PESSIMISTIC_WRITE);
            if (record != null && record.state() == IdempotencyRecord.State.IN_PROGRESS) {
                em.remove(record);
                em.flush();
            }
        } finally {
            em.close();
        }
    }

    /** Hourly: forget keys older than the retention period, in every database that keeps keys. */
    @SingletonWork
    @Schedule(hour = "*", minute = "17", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void purgeExpired() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            try {
                if (keepsKeys(database.key())) {
                    context.getBusinessObject(Idempotency.class).purgeExpired(database.key());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not purge the idempotency keys of " + database.key(), e);
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void purgeExpired(String database) {
        EntityManager em = entityManager(database);
        try {
            int purged = em.createQuery("DELETE FROM IdempotencyRecord r WHERE r.expiresAt < :now")
                    .setParameter("now", clock.instant())
                    .executeUpdate();
            if (purged > 0) {
                LOG.info(() -> "Purged " + purged + " expired idempotency keys of " + database);
            }
        } finally {
            em.close();
        }
    }

    private static boolean keepsKeys(String database) {
        if (ReckonDatabase.all().stream().anyMatch(d -> d.key().equals(database) && d.entityManagerFactoryJndi() == null)) {
            return false; // no persistence unit, so no idempotency records
        }
        return unit(database).getMetamodel().getEntities().stream()
                .anyMatch(e -> e.getJavaType() == IdempotencyRecord.class);
    }

    /** An entity manager of the database's unit, joined to the current JTA transaction. */
    private static EntityManager entityManager(String database) {
        EntityManager em = unit(database).createEntityManager();
        em.joinTransaction();
        return em;
    }

    private static EntityManagerFactory unit(String database) {
        return UNITS.computeIfAbsent(database, key -> {
            ReckonDatabase db = ReckonDatabase.all().stream().filter(d -> d.key().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no database '" + key + "' for idempotency keys"));
            try {
                return (EntityManagerFactory) new InitialContext().lookup(db.entityManagerFactoryJndi());
            } catch (NamingException e) {
                throw new IllegalStateException("no persistence unit at " + db.entityManagerFactoryJndi(), e);
            }
        });
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

    /** The work of {@link #runAndStore} failed; its transaction is rolled back. */
    @jakarta.ejb.ApplicationException(rollback = true)
    public static class WorkFailed extends Exception {
        private static final long serialVersionUID = 1L;

        WorkFailed(Exception cause) {
            super(cause);
        }
    }
}
