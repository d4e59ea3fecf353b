package org.reckon.payment.domain;

/**
 * A payment order's change has committed: a CDI event fired by {@link PaymentOrderChanges} after the
 * transaction that updated the row committed, on the committing thread, once per order and
 * transaction. Observers observe it plainly (the long poll of {@code GET /v1/payments/{id}} wakes its
 * waiters so); a rolled back change is never announced.
 */
public record PaymentOrderChanged(String paymentOrderId) {
}
