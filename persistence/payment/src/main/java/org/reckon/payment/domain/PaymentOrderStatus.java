package org.reckon.payment.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a payment order, as data. The chapter's NOT_STARTED → EXECUTING → SUCCESS | FAILED,
 * plus what reality needs: PENDING (the PSP has not decided: 3-D Secure, manual review) and
 * UNKNOWN (we asked and got no answer: a timeout or a lost response). PENDING and UNKNOWN are
 * left only on the PSP's word (webhook or status query), never by guessing; UNKNOWN goes back to
 * EXECUTING when the PSP says the order still awaits the buyer. After SUCCESS
 * come refunds: PARTIALLY_REFUNDED and REFUNDED.
 */
public enum PaymentOrderStatus {
    NOT_STARTED,
    EXECUTING,
    PENDING,
    UNKNOWN,
    SUCCESS,
    FAILED,
    PARTIALLY_REFUNDED,
    REFUNDED;

    private static final Map<PaymentOrderStatus, Set<PaymentOrderStatus>> ALLOWED = new EnumMap<>(PaymentOrderStatus.class);

    static {
        ALLOWED.put(NOT_STARTED, EnumSet.of(EXECUTING, FAILED));
        ALLOWED.put(EXECUTING, EnumSet.of(PENDING, UNKNOWN, SUCCESS, FAILED));
        ALLOWED.put(PENDING, EnumSet.of(UNKNOWN, SUCCESS, FAILED));
        ALLOWED.put(UNKNOWN, EnumSet.of(EXECUTING, PENDING, SUCCESS, FAILED));
        ALLOWED.put(SUCCESS, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));
        ALLOWED.put(FAILED, EnumSet.noneOf(PaymentOrderStatus.class));
        ALLOWED.put(PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));
        ALLOWED.put(REFUNDED, EnumSet.noneOf(PaymentOrderStatus.class));
    }

    public boolean canMoveTo(PaymentOrderStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public Set<PaymentOrderStatus> next() {
        return Set.copyOf(ALLOWED.get(this));
    }

    /** The PSP's decision is in: the order will never be executed again. */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }

    /** Money was captured for this order (refunds may have returned some of it). */
    public boolean isCaptured() {
        return this == SUCCESS || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }
}
