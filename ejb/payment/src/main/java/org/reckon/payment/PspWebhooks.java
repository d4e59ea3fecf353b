package org.reckon.payment;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.logging.Logger;
import org.reckon.payment.psp.PspWebhookEvent;
import org.reckon.platform.inbox.Inbox;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Applies a verified PSP webhook once. The PSP retries until it gets a 2xx, and may send the
 * same event twice or out of order: the event id goes into the payment database's inbox in the
 * same transaction as its effect, and the order's state machine ignores news older than what it
 * knows (a late "pending" after "succeeded" changes nothing).
 */
@Stateless
public class PspWebhooks {

    static final String CONSUMER = "psp-webhook";
    private static final Logger LOG = Logger.getLogger(PspWebhooks.class.getName());

    static final java.util.Set<String> TYPES = java.util.Set.of("payment.pending", "payment.succeeded", "payment.failed",
            "payment.refunded");

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    @EJB
    PaymentOutcomes outcomes;

    /** Returns false when the event had been applied before. */
    public boolean apply(PspWebhookEvent event) {
        if (event.eventId() == null || event.type() == null || event.data() == null || event.data().nonce() == null) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "event_id, type and data.nonce are required", "event_id");
        }
        // refused before the inbox records it: a 4xx must store nothing, and the inbox column holds 200 characters
        if (event.eventId().isBlank() || event.eventId().length() > 200) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 1 to 200 characters", "event_id");
        }
        if (!TYPES.contains(event.type())) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be one of " + TYPES, "type");
        }
        if (event.data().nonce().isBlank() || event.data().nonce().length() > 100) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be a payment order id", "data.nonce");
        }
        if (!new Inbox(em, Clock.systemUTC()).firstDelivery(CONSUMER, event.eventId())) {
            return false;
        }
        String order = event.data().nonce();
        switch (event.type()) {
            case "payment.succeeded" -> outcomes.succeeded(order, event.data().pspReference(),
                    "webhook " + event.eventId() + ": succeeded");
            case "payment.failed" -> outcomes.failed(order, "webhook " + event.eventId() + ": failed ("
                    + event.data().failureReason() + ")");
            case "payment.pending" -> outcomes.pending(order, "webhook " + event.eventId() + ": pending at the PSP");
            case "payment.refunded" -> LOG.fine(() -> "refund of " + order + " confirmed by webhook " + event.eventId());
            default -> throw new IllegalStateException("unreachable: " + event.type());
        }
        return true;
    }
}
