package org.reckon.payment.api.events;

import java.time.Instant;

/**
 * Published by the payment context on the {@code DomainEvents} topic when a payment order failed
 * for good (declined, or the PSP gave up). Same conventions as {@link PaymentSucceeded}.
 */
public record PaymentFailed(int version, String type, String paymentOrderId, String checkoutId,
                            String sellerAccount, String amount, String currency, String failureReason,
                            Instant occurredAt) {

    public static final String TYPE = "payment.failed";
    public static final int VERSION = 1;

    public static PaymentFailed of(String paymentOrderId, String checkoutId, String sellerAccount, String amount,
                                   String currency, String failureReason, Instant occurredAt) {
        return new PaymentFailed(VERSION, TYPE, paymentOrderId, checkoutId, sellerAccount, amount, currency,
                failureReason, occurredAt);
    }
}
