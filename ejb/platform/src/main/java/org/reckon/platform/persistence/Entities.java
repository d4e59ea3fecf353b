package org.reckon.platform.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * {@link EntityManager#find} that tells "no such row" from "the database did not answer".
 *
 * <p>Hibernate's {@code find} answers null, not an exception, when the JDBC call fails in a
 * transaction already marked for rollback (HHH-12472: IronJacamar refuses to enlist a connection in
 * such a transaction). Found by the fault suite: right after a database restart, enlisting a
 * freshly reconnected XA connection fails ({@code XAResource.start}: XAER_RMERR), which marks the
 * transaction for rollback, and the find that needed the connection came back null, so a hotel
 * and a quote that exist were answered 404. Every lookup of one row by its id goes through here:
 * a null in a transaction marked for rollback is a 503 the client may retry, never a 404.
 */
public final class Entities {

    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";
    private static volatile TransactionSynchronizationRegistry registry;

    private Entities() {
    }

    /** The row with this id, or null when there is none. */
    public static <T> T find(EntityManager em, Class<T> type, Object id) {
        return checked(em.find(type, id), type);
    }

    /** The row with this id locked as asked, or null when there is none. */
    public static <T> T find(EntityManager em, Class<T> type, Object id, LockModeType lock) {
        return checked(em.find(type, id, lock), type);
    }

    /** The row with this id locked as asked, read with these hints (e.g. past the second-level cache), or null. */
    public static <T> T find(EntityManager em, Class<T> type, Object id, LockModeType lock, java.util.Map<String, Object> hints) {
        return checked(em.find(type, id, lock, hints), type);
    }

    private static <T> T checked(T row, Class<T> type) {
        if (row == null && markedForRollback()) {
            throw new ReckonException(ErrorCode.DATABASE_UNAVAILABLE, "The database did not answer while reading a "
                    + type.getSimpleName() + "; nothing was changed, retry shortly");
        }
        return row;
    }

    /** Whether the current transaction can only roll back (false outside a transaction). */
    static boolean markedForRollback() {
        TransactionSynchronizationRegistry transactions = registry();
        return transactions != null && transactions.getTransactionStatus() == Status.STATUS_MARKED_ROLLBACK;
    }

    /**
     * The server's registry, looked up once: a lookup is a miss for every new key claimed and
     * every new checkout, which makes it a hot path. It answers for whichever transaction the
     * calling thread has, so one instance serves every caller.
     */
    private static TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry known = registry;
        if (known == null) {
            try {
                known = InitialContext.doLookup(REGISTRY);
                registry = known;
            } catch (NamingException e) {
                return null;
            }
        }
        return known;
    }
}
