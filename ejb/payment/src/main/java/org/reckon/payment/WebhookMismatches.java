package org.reckon.payment;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * Signed PSP successes that do not match their order, flagged for reconciliation. Recorded in a
 * transaction of its own, because the webhook's own transaction rolls back with its 422: the
 * order is left as it was, and the stuck-payment sweep asks the PSP for the truth later.
 */
@Stateless
public class WebhookMismatches {

    private static final Logger LOG = Logger.getLogger(WebhookMismatches.class.getName());

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    /** Records the mismatch once per PSP event (a retried webhook adds nothing). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String eventId, String paymentOrderId, String mismatch) {
        Number known = (Number) em.createNativeQuery("SELECT COUNT(*) FROM payment_webhook_mismatch WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult();
        if (known.longValue() > 0) {
            return;
        }
        em.createNativeQuery("INSERT INTO payment_webhook_mismatch (event_id, payment_order_id, mismatch, recorded_at)"
                        + " VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, eventId).setParameter(2, paymentOrderId)
                .setParameter(3, mismatch.length() > 1000 ? mismatch.substring(0, 1000) : mismatch)
                .setParameter(4, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                .executeUpdate();
        LOG.warning(() -> "PSP webhook " + eventId + " for payment order " + paymentOrderId
                + " flagged for reconciliation: " + mismatch);
    }

    /** Unreconciled mismatches of an order. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long open(String paymentOrderId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM payment_webhook_mismatch"
                + " WHERE payment_order_id = ?1 AND reconciled_at IS NULL").setParameter(1, paymentOrderId)
                .getSingleResult()).longValue();
    }
}
