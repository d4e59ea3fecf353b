package org.reckon.payment.api;

import java.time.Instant;

/** A refund as clients see it, with where the order stands after it. */
public record RefundView(String refundId, String paymentOrderId, String amount, String currency, String pspReference,
                         String orderStatus, String refundedAmount, Instant createdAt) {
}
