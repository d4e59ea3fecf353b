package org.reckon.payment.api;

import org.reckon.shared.money.Money;

/**
 * Refunds decided by the context that manages a payment (a cancelled reservation's): the payment
 * context still enforces that a refund never exceeds what was captured, and keys it by
 * {@code refundId} so asking twice refunds once.
 */
public interface Refunds {

    RefundView refundAsManager(String paymentOrderId, String refundId, Money amount, Viewer manager);

    /**
     * The same refund, decided inside the caller's transaction (a message consumer's): its intent
     * is recorded in that transaction, and the PSP is asked only once it has committed, with no
     * transaction, lock or connection held (the sweep completes it if that never happens). Nothing
     * is refunded if the caller's transaction rolls back. Requires a transaction.
     */
    void refundAsManagerAfterCommit(String paymentOrderId, String refundId, Money amount, Viewer manager);
}
