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

    @EJB
    WebhookMismatches mismatches;

    @EJB
    RefundIntents intents;

    @jakarta.inject.Inject
    PaymentRepository payments;

    /**
     * Refuses an event that no transaction could apply (a 4xx that stores nothing): required
     * fields, their lengths, the type. Runs before an event joins a batch, so a malformed event
     * never rolls back the others.
     */
    public static void validate(PspWebhookEvent event) {
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
    }

    /**
     * Applies the events in one transaction (a group commit of webhooks that arrived together,
     * {@link PspWebhookBatches}), in order; true for each event applied, false for one applied
     * before (or earlier in this batch). Any event's failure rolls back all of them.
     */
    public java.util.List<Boolean> applyAll(java.util.List<PspWebhookEvent> events) {
        java.util.List<Boolean> applied = new java.util.ArrayList<>(events.size());
        for (PspWebhookEvent event : events) {
            applied.add(apply(event));
        }
        return applied;
    }

    /** Returns false when the event had been applied before. */
    public boolean apply(PspWebhookEvent event) {
        validate(event);
        if ("payment.succeeded".equals(event.type())) {
            checkAgainstTheOrder(event);
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
            case "payment.refunded" -> { // the PSP refunded: open intents of the order are due now (the sweep records them)
                int due = intents.dueNow(order);
                LOG.fine(() -> "refund of " + order + " confirmed by webhook " + event.eventId() + "; " + due + " open intent(s) due");
            }
            default -> throw new IllegalStateException("unreachable: " + event.type());
        }
        return true;
    }

    /**
     * A success moves money, so its signature is not enough: its amount, currency and token must
     * be the order's. A mismatch is recorded (in its own transaction) and flagged for
     * reconciliation, and answered 422; nothing else changes. An order whose registration is not
     * recorded yet (no token) is answered 409, which the PSP retries.
     */
    private void checkAgainstTheOrder(PspWebhookEvent event) {
        String orderId = event.data().nonce();
        // locked already: the success that follows locks it anyway, and then finds it in the
        // persistence context instead of reading it a second time (issue 15)
        org.reckon.payment.domain.PaymentOrder order = payments.orderForUpdate(orderId).orElse(null);
        if (order == null) {
            return; // answered 404 by the outcome, as before
        }
        if (order.pspToken() == null) {
            throw new ReckonException(ErrorCode.CONFLICT, "payment order " + orderId
                    + " is not registered at the PSP yet; retry later");
        }
        java.util.List<String> differences = new java.util.ArrayList<>();
        String field = null;
        java.math.BigDecimal amount = null;
        try {
            amount = event.data().amount() == null ? null : new java.math.BigDecimal(event.data().amount());
        } catch (NumberFormatException e) {
            // a malformed amount is a mismatch too
        }
        if (amount == null || amount.compareTo(order.amount().amount()) != 0) {
            differences.add("amount " + event.data().amount() + " is not the order's " + order.amount().amountString());
            field = "data.amount";
        }
        if (!order.amount().currencyCode().equals(event.data().currency())) {
            differences.add("currency " + event.data().currency() + " is not the order's " + order.amount().currencyCode());
            field = field == null ? "data.currency" : field;
        }
        if (!order.pspToken().equals(event.data().token())) {
            differences.add("token " + event.data().token() + " is not the order's");
            field = field == null ? "data.token" : field;
        }
        if (!differences.isEmpty()) {
            String mismatch = String.join("; ", differences);
            mismatches.record(event.eventId(), orderId, mismatch);
            throw new ReckonException(org.reckon.payment.domain.PaymentError.WEBHOOK_MISMATCH,
                    "not applied, flagged for reconciliation: " + mismatch, field);
        }
    }
}
