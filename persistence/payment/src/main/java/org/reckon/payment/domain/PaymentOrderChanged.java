package org.reckon.payment.domain;

/**
 * A payment order was updated in the current transaction: a CDI event fired by
 * {@link PaymentOrderChanges} when Hibernate writes the row. Observers that act on the committed
 * change observe it {@code during = TransactionPhase.AFTER_SUCCESS} (the long poll of
 * {@code GET /v1/payments/{id}} wakes its waiters so).
 */
public record PaymentOrderChanged(String paymentOrderId) {
}
