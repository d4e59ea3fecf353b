package org.reckon.payment.api;

import java.time.Instant;
import java.util.List;

/**
 * A checkout and its payment orders as other contexts and the web edge see them: amounts are
 * decimal strings with their ISO 4217 currency, states are the payment order's status names.
 */
public record CheckoutView(String checkoutId, boolean isPaymentDone, Instant createdAt, List<OrderView> paymentOrders) {

    /** Every value {@link OrderView#status()} can take: the payment order's states, as published. */
    public static final List<String> ORDER_STATUSES = List.of("NOT_STARTED", "EXECUTING", "PENDING", "UNKNOWN",
            "SUCCESS", "FAILED", "PARTIALLY_REFUNDED", "REFUNDED");

    public record OrderView(String paymentOrderId, String checkoutId, String sellerAccount, String amount,
                            String currency, String status, String refundedAmount, String pspToken,
                            String hostedPageUrl, String pspReference, String failureReason, boolean ledgerUpdated, boolean walletUpdated,
                            Instant updatedAt) {
    }
}
