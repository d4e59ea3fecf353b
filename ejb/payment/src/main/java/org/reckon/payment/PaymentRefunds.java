package org.reckon.payment;

import org.reckon.payment.domain.PaymentError;
import org.reckon.payment.api.RefundView;
import org.reckon.payment.api.Viewer;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import org.reckon.payment.api.Refunds;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
 * Refunds, full or partial, never above what was captured. The order is checked and locked,
 * the PSP refunds (keyed by the refund id, so a retry after a lost answer refunds once), then
 * one XA transaction records the refund and the new order status (PaymentDS), posts the
 * reversing entries (LedgerDS: the seller's wallet gives the money back); through the payments
 * API, that transaction is the Idempotency-Key mechanism's, which stores the response in it too. Nothing in the ledger is updated or deleted.
 */
@Stateless
@LocalBean
@Local(Refunds.class)
public class PaymentRefunds implements Refunds {

    @Inject
    PaymentRepository payments;

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    @Inject
    PspClient psp;

    @EJB
    LedgerPostings ledger;

    private final Clock clock = Clock.systemUTC();

    /**
     * A refund asked through the payments API, by the buyer or staff. A payment another context
     * manages (a reservation's) is refused with 409: that context refunds it when its own state
     * allows (cancelling the reservation), so the two never disagree.
     */
    public RefundView refund(String paymentOrderId, String refundId, Money amount, Viewer viewer) {
        return refund(paymentOrderId, refundId, amount, viewer, null);
    }

    /** A refund decided by the context that manages the payment, named by {@code manager}'s name. */
    @Override
    public RefundView refundAsManager(String paymentOrderId, String refundId, Money amount, Viewer manager) {
        return refund(paymentOrderId, refundId, amount, manager, manager.name());
    }

    private RefundView refund(String paymentOrderId, String refundId, Money amount, Viewer viewer,
                              String actingContext) {
        PaymentOrder order = payments.orderSeenBy(paymentOrderId, viewer, true)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId,
                        "payment_order_id"));
        payments.checkout(order.checkoutId()).orElseThrow().checkRefundableBy(actingContext);
        order.checkRefundable(amount);
        PspRefund confirmed;
        try {
            confirmed = psp.refund(paymentOrderId, refundId, amount);
        } catch (PspException e) {
            throw new ReckonException(e.retryable() ? PaymentError.PSP_UNAVAILABLE : ErrorCode.UNPROCESSABLE,
                    "the PSP did not refund: " + e.getMessage() + (e.retryable() ? "; retry with the same Idempotency-Key" : ""));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        payments.append(order.refunded(amount, "refund " + refundId + " by " + viewer.name(), now));
        em.persist(new PaymentRefund(refundId, paymentOrderId, amount, confirmed.pspReference(), viewer.name(), now));
        ledger.recordRefund(refundId, order.sellerAccount(), amount);
        return new RefundView(refundId, paymentOrderId, amount.amountString(), amount.currencyCode(),
                confirmed.pspReference(), order.status().name(), order.refunded().amountString(), now);
    }
}
