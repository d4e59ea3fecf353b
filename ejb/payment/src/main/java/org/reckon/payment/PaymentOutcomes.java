package org.reckon.payment;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.reckon.ledger.api.LedgerPostings;
import org.reckon.payment.domain.PaymentEvent;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderStatus;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.messaging.OutboundMessages;
import org.reckon.platform.messaging.PlatformTopic;
import org.reckon.payment.api.events.PaymentEventProperties;
import org.reckon.payment.api.events.PaymentFailed;
import org.reckon.payment.api.events.PaymentSucceeded;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * What the PSP said about a payment order, applied once. Success is the money-moving
 * transaction of chapter 11: in ONE JTA transaction the order becomes SUCCESS with its
 * wallet/ledger flags (PaymentDS), the pay-in is posted to the double-entry ledger and the
 * seller's wallet (LedgerDS), and {@code payment.succeeded} is sent (JmsXA). Two-phase commit
 * makes the three one fact. Repeating an outcome already applied changes nothing.
 */
@Stateless
public class PaymentOutcomes {

    private static final Logger LOG = Logger.getLogger(PaymentOutcomes.class.getName());

    @Inject
    PaymentRepository payments;

    @EJB
    LedgerPostings ledger;

    @EJB
    OutboundMessages messages;

    private final Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1000));

    /** The order was registered at the PSP (its token stored before the hosted page is shown). */
    public void executing(String paymentOrderId, String pspToken, String hostedPageUrl, String cause) {
        register(locked(paymentOrderId), pspToken, hostedPageUrl, cause);
    }

    /**
     * The registration's usual answer, "registered, awaiting the buyer", applied in one transaction:
     * the token is stored as by {@link #executing}, and an UNKNOWN order is EXECUTING again as by
     * {@link #awaitingBuyer}. The executor used to call both, one transaction each; the second
     * locked the order it had just moved and almost always found nothing to do (issue 15: one
     * transaction and its order lock less for every registered pay-in and booking).
     */
    public void registeredAwaitingBuyer(String paymentOrderId, String pspToken, String hostedPageUrl, String cause) {
        PaymentOrder order = locked(paymentOrderId);
        if (!register(order, pspToken, hostedPageUrl, cause) && order.status() == PaymentOrderStatus.UNKNOWN) {
            payments.append(order.moveTo(PaymentOrderStatus.EXECUTING, cause + ": registered, awaiting the buyer",
                    clock.instant()));
        }
    }

    /** Stores the token of an order not registered yet and makes it EXECUTING; false when it was registered before. */
    private boolean register(PaymentOrder order, String pspToken, String hostedPageUrl, String cause) {
        if (order.status() != PaymentOrderStatus.NOT_STARTED) {
            return false; // already registered: the PSP deduplicates on the order id, so do we
        }
        order.registeredAtPsp(pspToken, hostedPageUrl);
        payments.append(order.moveTo(PaymentOrderStatus.EXECUTING, cause, clock.instant()));
        return true;
    }

    /**
     * The PSP says the order is registered and awaits the buyer: an UNKNOWN order (a status query
     * that failed) is EXECUTING again. Found by the fault suite: such orders stayed UNKNOWN forever,
     * because only a success, failure or pending answer moved them.
     */
    public void awaitingBuyer(String paymentOrderId, String cause) {
        PaymentOrder order = locked(paymentOrderId);
        if (order.status() == PaymentOrderStatus.UNKNOWN) {
            payments.append(order.moveTo(PaymentOrderStatus.EXECUTING, cause, clock.instant()));
        }
    }

    public void pending(String paymentOrderId, String cause) {
        move(paymentOrderId, PaymentOrderStatus.PENDING, cause);
    }

    public void unknown(String paymentOrderId, String cause) {
        move(paymentOrderId, PaymentOrderStatus.UNKNOWN, cause);
    }

    public void failed(String paymentOrderId, String reason) {
        PaymentOrder order = locked(paymentOrderId);
        if (order.status().isFinal()) {
            return;
        }
        payments.append(order.moveTo(PaymentOrderStatus.FAILED, reason, clock.instant()));
        finished(order, PaymentFailed.TYPE);
    }

    /** The PSP captured the money: status, ledger, wallet and event, all or nothing. */
    public void succeeded(String paymentOrderId, String pspReference, String cause) {
        PaymentOrder order = locked(paymentOrderId);
        if (order.status().isCaptured()) {
            return; // applied before: a duplicate webhook or a redelivered message
        }
        if (order.status() == PaymentOrderStatus.FAILED) {
            throw new ReckonException(ErrorCode.CONFLICT, "payment order " + paymentOrderId
                    + " failed before; a later success needs reconciliation, not an automatic flip");
        }
        Instant now = clock.instant();
        payments.append(order.moveTo(PaymentOrderStatus.SUCCESS, cause, now));
        ledger.recordPayIn(order.paymentOrderId(), order.sellerAccount(), order.amount());
        order.moneyMoved(pspReference);
        finished(order, PaymentSucceeded.TYPE);
        LOG.fine(() -> "payment order " + paymentOrderId + " succeeded: " + order.amount() + " to " + order.sellerAccount());
    }

    private void move(String paymentOrderId, PaymentOrderStatus next, String cause) {
        PaymentOrder order = locked(paymentOrderId);
        if (order.status() == next || order.status().isFinal()) {
            return; // stale or repeated news: the order already knows better
        }
        payments.append(order.moveTo(next, cause, clock.instant()));
    }

    private PaymentOrder locked(String paymentOrderId) {
        return payments.orderForUpdate(paymentOrderId)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId,
                        "payment_order_id"));
    }

    /**
     * {@code order} has just reached a final state: its outcome is published, and its checkout is
     * done once every order of it is final. The checkout is locked first, then its orders read: the
     * last of several orders finishing together waits here and then sees every sibling committed. A
     * checkout of one order (every hotel reservation's, most pay-ins) is done now, without reading
     * that order again.
     */
    private void finished(PaymentOrder order, String type) {
        Optional<PaymentEvent> checkout = payments.checkoutForUpdate(order.checkoutId());
        publish(order, type, checkout.map(PaymentEvent::managedBy).orElse(null));
        checkout.ifPresent(event -> {
            if (event.isOnlyOrder(order) || payments.ordersOf(order.checkoutId()).stream().allMatch(o -> o.status().isFinal())) {
                event.markDone();
            }
        });
    }

    /** Publishes the order's outcome to the domain-events topic, as a versioned record of the payment API. */
    private void publish(PaymentOrder order, String type, String managedBy) {
        String amount = order.amount().amountString();
        String currency = order.amount().currencyCode();
        Instant now = clock.instant();
        String messageId = type + ":" + order.paymentOrderId();
        // subscriptions select on the checkout's owner: a buyer's pay-in is stored for neither the
        // hotel's nor the wallet's subscription
        Map<String, String> properties = Map.of(PaymentEventProperties.MANAGED_BY,
                managedBy == null ? PaymentEventProperties.BUYER : managedBy);
        if (PaymentSucceeded.TYPE.equals(type)) {
            messages.publish(PlatformTopic.DOMAIN_EVENTS, messageId, type, PaymentSucceeded.VERSION,
                    ReckonJson.toJson(PaymentSucceeded.of(order.paymentOrderId(), order.checkoutId(),
                            order.sellerAccount(), amount, currency, now)), properties);
        } else {
            messages.publish(PlatformTopic.DOMAIN_EVENTS, messageId, type, PaymentFailed.VERSION,
                    ReckonJson.toJson(PaymentFailed.of(order.paymentOrderId(), order.checkoutId(),
                            order.sellerAccount(), amount, currency, order.failureReason(), now)), properties);
        }
    }
}
