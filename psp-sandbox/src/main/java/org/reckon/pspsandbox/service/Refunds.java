package org.reckon.pspsandbox.service;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.domain.Refund;
import org.reckon.pspsandbox.platform.Ids;
import org.reckon.pspsandbox.platform.Now;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.webhook.WebhookPublisher;

/**
 * Refunds, idempotent on the merchant's refund id: a known id answers the refund it made, even
 * after the payment became fully refunded; a known id with another payment or amount is a
 * conflict. The payment row is locked, so concurrent refunds cannot together exceed the capture.
 */
@Stateless
public class Refunds {

    @Inject
    PaymentRepository payments;

    @Inject
    WebhookPublisher webhooks;

    public RefundOutcome refund(String nonce, RefundCommand command) {
        Optional<Refund> existing = payments.refundById(command.refundId());
        if (existing.isPresent()) {
            Refund refund = existing.get();
            if (!refund.sameRequest(nonce, command.money())) {
                throw PspException.field(PspError.REFUND_ID_CONFLICT, "refund_id",
                        "was already used for " + refund.money() + " on payment " + refund.payment().nonce());
            }
            return new RefundOutcome(refund, false);
        }
        Payment payment = payments.lockByNonce(nonce)
                .orElseThrow(() -> new PspException(PspError.NOT_FOUND, "No payment with nonce " + nonce));
        Instant now = Now.instant();
        payment.refund(command.money(), now);
        Refund refund = new Refund(command.refundId(), payment, command.money(), Ids.pspReference(), now);
        payments.add(refund);
        webhooks.statusChanged(payment, now);
        return new RefundOutcome(refund, true);
    }
}
