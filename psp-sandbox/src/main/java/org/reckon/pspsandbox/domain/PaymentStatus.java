package org.reckon.pspsandbox.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A payment's status, its wire name, the moves allowed out of it and the webhook its arrival
 * sends. The transitions are data (one table, tested exhaustively) rather than checks spread
 * over services. {@code processing} sends no webhook: the contract's event types are pending,
 * succeeded, failed and refunded.
 */
public enum PaymentStatus {
    REQUIRES_PAYMENT_METHOD(null),
    PROCESSING(null),
    PENDING("payment.pending"),
    SUCCEEDED("payment.succeeded"),
    FAILED("payment.failed"),
    PARTIALLY_REFUNDED("payment.refunded"),
    REFUNDED("payment.refunded");

    private static final Map<PaymentStatus, Set<PaymentStatus>> NEXT = Map.of(
            REQUIRES_PAYMENT_METHOD, EnumSet.of(PROCESSING, PENDING, SUCCEEDED, FAILED),
            PROCESSING, EnumSet.of(SUCCEEDED, FAILED),
            PENDING, EnumSet.of(SUCCEEDED, FAILED),
            SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            FAILED, EnumSet.noneOf(PaymentStatus.class),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class));

    private final String webhookType;

    PaymentStatus(String webhookType) {
        this.webhookType = webhookType;
    }

    public boolean canMoveTo(PaymentStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Captured money that may still be (partly) refunded. */
    public boolean refundable() {
        return canMoveTo(REFUNDED);
    }

    /** The webhook event type announcing arrival in this status, if any. */
    public Optional<String> webhookType() {
        return Optional.ofNullable(webhookType);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
