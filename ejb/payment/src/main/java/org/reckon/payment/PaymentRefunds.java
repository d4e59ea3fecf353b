package org.reckon.payment;

import org.reckon.payment.domain.PaymentError;
import org.reckon.payment.api.RefundView;
import org.reckon.payment.api.Viewer;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.SessionContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.reckon.payment.api.Refunds;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Logger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.reckon.ledger.api.LedgerPostings;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentRefund;
import org.reckon.payment.psp.PspClient;
import org.reckon.payment.psp.PspException;
import org.reckon.payment.psp.PspRefund;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * Refunds, full or partial, never above what was captured, in three steps (issue 11, items 5
 * and 6), none of which holds a transaction, a row lock or a pooled connection while the PSP is
 * called:
 * <ol>
 *   <li>a refund intent is committed (its own transaction, the order locked only for that);</li>
 *   <li>the PSP refunds, with no transaction on the thread ({@code NOT_SUPPORTED}: a caller's
 *       transaction, such as the Idempotency-Key mechanism's, is suspended, and it has enlisted
 *       nothing of this context); keyed by the refund id, so a retry after a lost answer refunds
 *       once;</li>
 *   <li>one XA transaction of its own ({@link #completeAlone}) records the refund and the new
 *       order status (PaymentDS), posts the reversing entries (LedgerDS: the seller's wallet gives
 *       the money back) and closes the intent, idempotently: with the order locked, a refund the
 *       sweep or another request recorded first is returned, not recorded again.</li>
 * </ol>
 * If step 3 never commits, {@link RefundSweep} completes the intent. A caller's rollback after
 * this returns no longer undoes the refund: the PSP made it, so Reckon keeps it. A refund decided
 * inside a message consumer's transaction ({@link #refundAsManagerAfterCommit}) records its intent
 * in that transaction and runs steps 2 and 3 after it committed ({@link #completeIntent}). Through the
 * payments API, the Idempotency-Key mechanism stores the answer afterwards; a retry with the same
 * key finds the refund recorded and answers it. Nothing in the ledger is updated or deleted.
 */
@Stateless
@LocalBean
@Local(Refunds.class)
public class PaymentRefunds implements Refunds {

    private static final Logger LOG = Logger.getLogger(PaymentRefunds.class.getName());

    @Inject
    PaymentRepository payments;

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    @Inject
    PspClient psp;

    @EJB
    LedgerPostings ledger;

    @EJB
    RefundIntents intents;

    @Resource
    SessionContext context;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource
    ManagedExecutorService executor;

    private final Clock clock = Clock.systemUTC();

    /**
     * A refund asked through the payments API, by the buyer or staff. A payment another context
     * manages (a reservation's) is refused with 409: that context refunds it when its own state
     * allows (cancelling the reservation), so the two never disagree. No transaction: see the class.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RefundView refund(String paymentOrderId, String refundId, Money amount, Viewer viewer) {
        return refund(paymentOrderId, refundId, amount, viewer, null);
    }

    /** A refund decided by the context that manages the payment, named by {@code manager}'s name. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RefundView refundAsManager(String paymentOrderId, String refundId, Money amount, Viewer manager) {
        return refund(paymentOrderId, refundId, amount, manager, manager.name());
    }

    /**
     * A refund its manager decides inside a transaction of its own that must not wait for the PSP
     * (the hotel's consumer of payment.succeeded, for a reservation that ended before its payment
     * did): the intent is opened in the caller's transaction, and only once that committed is the
     * PSP asked, on another thread with no transaction ({@link #completeIntent}). A rollback leaves
     * neither an intent nor a refund; a crash after the commit leaves the intent to the sweep.
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void refundAsManagerAfterCommit(String paymentOrderId, String refundId, Money amount, Viewer manager) {
        PaymentOrder order = payments.orderSeenBy(paymentOrderId, manager, false)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId,
                        "payment_order_id"));
        payments.checkout(order.checkoutId()).orElseThrow().checkRefundableBy(manager.name());
        if (em.find(PaymentRefund.class, refundId) != null) {
            return; // recorded before
        }
        RefundIntents.Intent intent = intents.openInCallerTransaction(refundId, paymentOrderId, amount, manager.name());
        if (!RefundIntents.REQUESTED.equals(intent.status())) {
            return; // completed or failed before
        }
        PaymentRefunds self = context.getBusinessObject(PaymentRefunds.class);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        executor.execute(() -> self.completeIntent(intent));
                    } catch (RuntimeException e) { // refused (shutting down): the sweep completes the intent
                        LOG.warning(() -> "refund " + refundId + " left to the sweep: " + e);
                    }
                }
            }
        });
    }

    /**
     * Steps 2 and 3 for an open intent, with no transaction: the PSP refunds (keyed by the refund
     * id, so asking again refunds once), then the refund is recorded in a transaction of its own,
     * once. True when recorded; false when the PSP refused (the intent closed) or was unavailable
     * (the intent left to the next sweep).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean completeIntent(RefundIntents.Intent intent) {
        PspRefund refund;
        try {
            refund = psp.refund(intent.paymentOrderId(), intent.refundId(), intent.amount());
        } catch (PspException e) {
            if (!e.retryable()) {
                intents.failed(intent.refundId());
                LOG.warning(() -> "refund " + intent.refundId() + " refused by the PSP; intent closed: " + e.getMessage());
            } else {
                LOG.warning(() -> "refund " + intent.refundId() + ": PSP unavailable, left to the sweep: " + e.getMessage());
            }
            return false;
        }
        context.getBusinessObject(PaymentRefunds.class).completeAlone(intent.refundId(), intent.paymentOrderId(),
                intent.amount(), intent.requestedBy(), refund.pspReference());
        return true;
    }

    private RefundView refund(String paymentOrderId, String refundId, Money amount, Viewer viewer,
                              String actingContext) {
        PaymentOrder order = payments.orderSeenBy(paymentOrderId, viewer, false)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId,
                        "payment_order_id"));
        payments.checkout(order.checkoutId()).orElseThrow().checkRefundableBy(actingContext);
        PaymentRefund recorded = em.find(PaymentRefund.class, refundId);
        if (recorded != null && recorded.paymentOrderId().equals(paymentOrderId)) {
            return view(recorded, order); // recorded before (by this request's first try, or the sweep)
        }
        order.checkRefundable(amount); // read with no transaction: RefundIntents.open checks again, the order locked
        // the intent is committed before the PSP is asked: whatever happens next, the sweep finds it
        intents.open(refundId, paymentOrderId, amount, viewer.name());
        PspRefund confirmed;
        try {
            confirmed = psp.refund(paymentOrderId, refundId, amount);
        } catch (PspException e) {
            if (!e.retryable()) {
                intents.failed(refundId);
            }
            throw new ReckonException(e.retryable() ? PaymentError.PSP_UNAVAILABLE : ErrorCode.UNPROCESSABLE,
                    "the PSP did not refund: " + e.getMessage() + (e.retryable() ? "; retry with the same Idempotency-Key" : ""));
        }
        // recorded in a transaction of its own, through the container (a plain this.complete would run with none)
        return context.getBusinessObject(PaymentRefunds.class)
                .completeAlone(refundId, paymentOrderId, amount, viewer.name(), confirmed.pspReference());
    }

    /**
     * Records a refund the PSP confirmed, in the caller's transaction (the request's or the sweep's
     * own, {@link #completeAlone}): the refund row, the order's
     * new status, the ledger's reversal, and the intent closed. With the order locked, a refund
     * recorded before (by the request or by the sweep) is not recorded again.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public RefundView complete(String refundId, String paymentOrderId, Money amount, String requestedBy, String pspReference) {
        PaymentOrder order = payments.orderForUpdate(paymentOrderId).orElseThrow();
        em.refresh(order); // locked now: read what the sweep or another request may have recorded since
        PaymentRefund recorded = em.find(PaymentRefund.class, refundId);
        if (recorded != null) {
            intents.completed(refundId);
            return view(recorded, order);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        payments.append(order.refunded(amount, "refund " + refundId + " by " + requestedBy, now));
        PaymentRefund refund = new PaymentRefund(refundId, paymentOrderId, amount, pspReference, requestedBy, now);
        em.persist(refund);
        ledger.recordRefund(refundId, order.sellerAccount(), amount);
        intents.completed(refundId);
        return view(refund, order);
    }

    /** {@link #complete} in a transaction of its own (the request's third step, and the sweep's). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public RefundView completeAlone(String refundId, String paymentOrderId, Money amount, String requestedBy,
                                    String pspReference) {
        return complete(refundId, paymentOrderId, amount, requestedBy, pspReference);
    }

    private static RefundView view(PaymentRefund refund, PaymentOrder order) {
        return new RefundView(refund.refundId(), order.paymentOrderId(), refund.amount().amountString(),
                refund.amount().currencyCode(), refund.pspReference(), order.status().name(), order.refunded().amountString(),
                refund.createdAt());
    }
}
