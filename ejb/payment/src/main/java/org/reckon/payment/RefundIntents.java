package org.reckon.payment;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * Refund intents (issue 11, item 5): what Reckon asked the PSP to refund, committed before the
 * PSP is called, so a refund the PSP made is never forgotten when the transaction that should
 * record it does not commit (a crash, a rollback). See V10__refund_intent.sql.
 */
@Stateless
public class RefundIntents {

    public static final String REQUESTED = "REQUESTED";

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    @Inject
    PaymentRepository payments;

    /** How long an intent is left to the request that opened it before the sweep completes it. */
    @Inject
    @ConfigProperty(name = "reckon.payment.refund-sweep-after", defaultValue = "PT2M")
    Duration sweepAfter;

    public record Intent(String refundId, String paymentOrderId, Money amount, String requestedBy, String status) {
    }

    /**
     * Opens the intent in a transaction of its own (committed when this returns), after checking,
     * with the order locked, that the order can give this much back: what is left after recorded
     * refunds and every other open intent. Opening an intent that exists returns it unchanged.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Intent open(String refundId, String paymentOrderId, Money amount, String requestedBy) {
        return openHere(refundId, paymentOrderId, amount, requestedBy);
    }

    /**
     * {@link #open}, in the caller's transaction (a message consumer's): the intent commits, or
     * rolls back, with what the caller decided.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Intent openInCallerTransaction(String refundId, String paymentOrderId, Money amount, String requestedBy) {
        return openHere(refundId, paymentOrderId, amount, requestedBy);
    }

    private Intent openHere(String refundId, String paymentOrderId, Money amount, String requestedBy) {
        PaymentOrder order = payments.orderForUpdate(paymentOrderId)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId, "payment_order_id"));
        Intent existing = find(refundId);
        if (existing != null) {
            if (!existing.paymentOrderId().equals(paymentOrderId) || existing.amount().amount().compareTo(amount.amount()) != 0) {
                throw new ReckonException(ErrorCode.UNPROCESSABLE, "refund " + refundId + " was asked before with another order or amount",
                        "refund_id");
            }
            return existing;
        }
        BigDecimal pending = (BigDecimal) em.createNativeQuery("SELECT COALESCE(SUM(amount), 0) FROM payment_refund_intent"
                + " WHERE payment_order_id = ?1 AND status = 'REQUESTED'").setParameter(1, paymentOrderId).getSingleResult();
        order.checkRefundable(amount.plus(Money.of(pending, amount.currencyCode())));
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        em.createNativeQuery("INSERT INTO payment_refund_intent (refund_id, payment_order_id, amount, currency, requested_by,"
                        + " status, created_at, due_at) VALUES (?1, ?2, ?3, ?4, ?5, 'REQUESTED', ?6, ?7)")
                .setParameter(1, refundId).setParameter(2, paymentOrderId).setParameter(3, amount.amount())
                .setParameter(4, amount.currencyCode()).setParameter(5, requestedBy).setParameter(6, now)
                .setParameter(7, now.plus(sweepAfter)).executeUpdate();
        return new Intent(refundId, paymentOrderId, amount, requestedBy, REQUESTED);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Intent find(String refundId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT refund_id, payment_order_id, amount, currency, requested_by, status"
                + " FROM payment_refund_intent WHERE refund_id = ?1").setParameter(1, refundId).getResultList();
        return rows.isEmpty() ? null : intent(rows.get(0));
    }

    /** Open intents whose time is up, oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Intent> due(int max) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT refund_id, payment_order_id, amount, currency, requested_by, status"
                        + " FROM payment_refund_intent WHERE status = 'REQUESTED' AND due_at <= ?1 ORDER BY due_at")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC)).setMaxResults(max).getResultList();
        return rows.stream().map(RefundIntents::intent).toList();
    }

    /** Marks the intent completed, in the caller's transaction (the one recording the refund). */
    public void completed(String refundId) {
        close(refundId, "COMPLETED");
    }

    /** The PSP refused the refund for good: the intent is closed, nothing is recorded. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void failed(String refundId) {
        close(refundId, "FAILED");
    }

    /** A payment.refunded webhook: the order's open intents are due now (the sweep completes them). */
    public int dueNow(String paymentOrderId) {
        return em.createNativeQuery("UPDATE payment_refund_intent SET due_at = ?1 WHERE payment_order_id = ?2"
                        + " AND status = 'REQUESTED'")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC)).setParameter(2, paymentOrderId).executeUpdate();
    }

    private void close(String refundId, String status) {
        em.createNativeQuery("UPDATE payment_refund_intent SET status = ?1, closed_at = ?2 WHERE refund_id = ?3"
                        + " AND status = 'REQUESTED'")
                .setParameter(1, status).setParameter(2, OffsetDateTime.now(ZoneOffset.UTC)).setParameter(3, refundId)
                .executeUpdate();
    }

    private static Intent intent(Object[] row) {
        return new Intent((String) row[0], (String) row[1], Money.of((BigDecimal) row[2], (String) row[3]), (String) row[4],
                (String) row[5]);
    }
}
