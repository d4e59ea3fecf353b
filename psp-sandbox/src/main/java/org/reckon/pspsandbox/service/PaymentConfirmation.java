package org.reckon.pspsandbox.service;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import org.reckon.pspsandbox.domain.Card;
import org.reckon.pspsandbox.domain.Payment;
import org.reckon.pspsandbox.fault.Faults;
import org.reckon.pspsandbox.platform.Ids;
import org.reckon.pspsandbox.platform.Now;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.webhook.WebhookPublisher;

/**
 * Pays a registered payment with a card (the hosted page's form and the confirm API), and later
 * settles the held ones. The payment row is locked first, so the decision is made once even if
 * the buyer double-clicks; the webhook is queued in the same transaction.
 */
@Stateless
public class PaymentConfirmation {

    @Inject
    PaymentRepository payments;

    @Inject
    Faults faults;

    @Inject
    WebhookPublisher webhooks;

    public Payment confirm(String token, Card card) {
        Payment payment = payments.lockByToken(token)
                .orElseThrow(() -> new PspException(PspError.NOT_FOUND, "No payment with token " + token));
        Instant now = Now.instant();
        payment.confirm(card, faults.current().decisionDelays(), Ids.pspReference(), now);
        webhooks.statusChanged(payment, now);
        return payment;
    }

    /** Gives a held payment its deferred outcome if it is (still) due; false if nothing changed. */
    public boolean resolveIfDue(Long paymentId) {
        Payment payment = payments.lock(paymentId);
        Instant now = Now.instant();
        if (payment == null || !payment.resolveIfDue(Ids.pspReference(), now)) {
            return false;
        }
        webhooks.statusChanged(payment, now);
        return true;
    }
}
