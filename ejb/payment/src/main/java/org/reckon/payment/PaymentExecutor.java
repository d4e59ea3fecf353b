package org.reckon.payment;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderStatus;
import org.reckon.payment.psp.PspClient;
import org.reckon.payment.psp.PspPayment;
import org.reckon.payment.psp.PspSettings;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.messaging.OutboundMessages;
import org.reckon.payment.messaging.PaymentQueue;

/**
 * The payment executor (chapter 11): registers a payment order with the PSP, using the order id
 * as nonce, and stores the token and hosted-page URL before anyone shows the page. Runs from the
 * execution and retry queues, in the consumer's transaction. Registering twice is harmless: the
 * PSP answers the same payment for the same nonce, which is also how a lost response is found.
 * When the PSP already knows the outcome (a retry after a lost answer), it is applied at once.
 */
@Stateless
public class PaymentExecutor {

    private static final Logger LOG = Logger.getLogger(PaymentExecutor.class.getName());

    @Inject
    PaymentRepository payments;

    @Inject
    PspClient psp;

    @Inject
    PspSettings settings;

    @EJB
    PaymentOutcomes outcomes;

    @EJB
    OutboundMessages messages;

    /**
     * Throws {@link org.reckon.payment.psp.PspException} when the PSP fails; the caller decides retry or fail.
     * Runs outside any transaction (issue 11, item 6): the PSP call holds no row lock and no pooled
     * connection; what it answered is applied by {@link PaymentOutcomes} in a transaction of its own.
     */
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
    public void execute(String paymentOrderId) {
        Optional<PaymentRepository.OrderOfCheckout> found = payments.orderWithCheckout(paymentOrderId); // one query
        if (found.isEmpty()) {
            LOG.warning(() -> "execution requested for unknown payment order " + paymentOrderId + "; ignored");
            return;
        }
        PaymentOrder order = found.get().order();
        if (order.status() != PaymentOrderStatus.NOT_STARTED) {
            return; // registered by an earlier delivery
        }
        PspPayment registered = psp.register(order.paymentOrderId(), order.amount(), order.checkoutId(),
                settings.returnUrl(order.checkoutId(), found.get().checkout().returnPath()));
        if (!settings.isPspPage(registered.hostedPageUrl())) { // pages follow it: never a javascript: URL or another site
            throw new org.reckon.payment.psp.PspException("the PSP answered a hosted_page_url that is not an http(s) URL"
                    + " of its own origin: " + registered.hostedPageUrl(), false, 0, null);
        }
        if (registered.awaitingBuyer()) { // the usual answer: one transaction stores it
            outcomes.registeredAwaitingBuyer(order.paymentOrderId(), registered.token(), registered.hostedPageUrl(),
                    "registered at the PSP (token stored)");
            return;
        }
        outcomes.executing(order.paymentOrderId(), registered.token(), registered.hostedPageUrl(),
                "registered at the PSP (token stored)");
        apply(registered, "PSP registration answer");
    }

    /** Asks the PSP where an unfinished order stands, and applies its answer (never a guess); no transaction is open during the call. */
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
    public void reconcile(String paymentOrderId) {
        apply(psp.status(paymentOrderId), "PSP status query");
    }

    /** Hands the order to the retry queue, in the caller's transaction. */
    public void scheduleRetry(String paymentOrderId, String reason) {
        LOG.info(() -> "payment order " + paymentOrderId + " goes to the retry queue: " + reason);
        messages.send(PaymentQueue.PAYMENT_RETRY, "retry:" + paymentOrderId, "payment.execute",
                ReckonJson.toJson(new ExecutePayment(paymentOrderId)));
    }

    /** Queues the execution of an order, in the caller's transaction. */
    public void enqueue(String paymentOrderId) {
        messages.send(PaymentQueue.PAYMENT_EXECUTION, "execute:" + paymentOrderId, "payment.execute",
                ReckonJson.toJson(new ExecutePayment(paymentOrderId)));
    }

    private void apply(PspPayment payment, String cause) {
        if (payment.succeeded()) {
            outcomes.succeeded(payment.nonce(), payment.pspReference(), cause + ": succeeded");
        } else if (payment.failed()) {
            outcomes.failed(payment.nonce(), cause + ": failed (" + payment.failureReason() + ")");
        } else if (payment.pending()) {
            outcomes.pending(payment.nonce(), cause + ": pending at the PSP");
        } else if (payment.awaitingBuyer()) {
            outcomes.awaitingBuyer(payment.nonce(), cause + ": registered, awaiting the buyer");
        }
    }

    /** The message of the execution and retry queues. */
    public record ExecutePayment(String paymentOrderId) {
    }
}
