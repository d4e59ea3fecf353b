package org.reckon.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.reckon.payment.domain.PaymentOrderChanged;
import org.reckon.platform.longpoll.LongPoll;

/**
 * Wakes the clients waiting on {@code GET /v1/payments/{id}} ({@link LongPoll}) when a change of
 * that payment order commits: the status after a webhook, the PSP token after the registration, a
 * refund, the ledger or wallet flag.
 */
@ApplicationScoped
public class PaymentOrderWaits {

    @Inject
    LongPoll longPoll;

    /** The long poll's key of a payment order. */
    public static String key(String paymentOrderId) {
        return "payment-order:" + paymentOrderId;
    }

    void committed(@Observes PaymentOrderChanged change) {
        longPoll.changed(key(change.paymentOrderId()));
    }
}
