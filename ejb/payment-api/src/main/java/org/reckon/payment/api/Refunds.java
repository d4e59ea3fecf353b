package org.reckon.payment.api;

import org.reckon.shared.money.Money;

/**
 * Refunds decided by the context that manages a payment (a cancelled reservation's): the payment
 * context still enforces that a refund never exceeds what was captured, and keys it by
 * {@code refundId} so asking twice refunds once.
 */
public interface Refunds {

    RefundView refundAsManager(String paymentOrderId, String refundId, Money amount, Viewer manager);
}
