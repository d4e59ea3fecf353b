package org.reckon.payment.api.events;

import java.time.Instant;

/**
 * Published by the payment context on the {@code DomainEvents} topic when a payment order
 * succeeded (money captured, ledger posted). JSON (snake_case), with {@code reckon_message_type}
 * {@value #TYPE} and {@code reckon_event_version} {@value #VERSION} as message properties.
 * Versioning: a field may be added within a version (readers ignore unknown fields); renaming or
 * removing one, or changing its meaning, is a new version, published beside the old one until
 * every subscriber reads it.
 */
public record PaymentSucceeded(int version, String type, String paymentOrderId, String checkoutId,
                               String sellerAccount, String amount, String currency, Instant occurredAt) {

    public static final String TYPE = "payment.succeeded";
    public static final int VERSION = 1;

    public static PaymentSucceeded of(String paymentOrderId, String checkoutId, String sellerAccount, String amount,
                                      String currency, Instant occurredAt) {
        return new PaymentSucceeded(VERSION, TYPE, paymentOrderId, checkoutId, sellerAccount, amount, currency, occurredAt);
    }
}
