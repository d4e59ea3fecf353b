package org.reckon.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * A checkout: what a buyer pays in one go, to one or more sellers (chapter 11's payment event).
 * {@code buyer} is the authenticated principal: customers see only their own payments.
 * {@code managedBy} names the bounded context that created it for its own purpose (a hotel
 * reservation's payment): only that context may refund it, as part of its own state change.
 */
@Entity
@Table(name = "payment_event")
public class PaymentEvent {

    @Id
    @Column(name = "checkout_id", length = 100)
    private String checkoutId;

    @Column(nullable = false, length = 100)
    private String buyer;

    @Column(name = "buyer_name", length = 200)
    private String buyerName;

    @Column(name = "buyer_email", length = 254)
    private String buyerEmail;

    @Column(name = "psp_token", length = 200)
    private String pspToken;

    @Column(name = "return_path", length = 300)
    private String returnPath;

    @Column(name = "managed_by", length = 50)
    private String managedBy;

    @Column(name = "is_payment_done", nullable = false)
    private boolean paymentDone;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** How many orders the checkout was created with; 0 on checkouts created before the column. */
    @Column(name = "order_count", nullable = false)
    private int orderCount;

    protected PaymentEvent() {
    }

    public PaymentEvent(String checkoutId, String buyer, String buyerName, String buyerEmail, String pspToken,
                        String returnPath, String managedBy, Instant now) {
        this.returnPath = returnPath;
        this.managedBy = managedBy;
        this.checkoutId = checkoutId;
        this.buyer = buyer;
        this.buyerName = buyerName;
        this.buyerEmail = buyerEmail;
        this.pspToken = pspToken;
        this.createdAt = now;
    }

    /**
     * Refusing a refund asked by anyone but the managing context: refunding a reservation's
     * payment directly would leave the reservation PAID, its rooms held, and the money back.
     * {@code actingContext} is null for a refund asked through the payments API.
     */
    public void checkRefundableBy(String actingContext) {
        if (managedBy != null && !managedBy.equals(actingContext)) {
            throw new ReckonException(ErrorCode.CONFLICT, "this payment belongs to " + managedBy
                    + " and is refunded only through it (cancel the reservation)", "payment_order_id");
        }
    }

    public String managedBy() {
        return managedBy;
    }

    /** The checkout is created with these orders, and never gets another. */
    public void holds(int orders) {
        this.orderCount = orders;
    }

    /**
     * Whether this order alone makes up the checkout, known without reading the orders: then its
     * final state is the checkout's (issue 15, nothing read twice in the success transaction).
     */
    public boolean isOnlyOrder(PaymentOrder order) {
        return orderCount == 1 && order.checkoutId().equals(checkoutId);
    }

    /** Set once every order of the checkout has reached a final state. */
    public void markDone() {
        this.paymentDone = true;
    }

    public String checkoutId() {
        return checkoutId;
    }

    public String buyer() {
        return buyer;
    }

    public String buyerName() {
        return buyerName;
    }

    public String buyerEmail() {
        return buyerEmail;
    }

    public String pspToken() {
        return pspToken;
    }

    public boolean isPaymentDone() {
        return paymentDone;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The path on Reckon's public URL the PSP sends the buyer back to; null for the checkout page. */
    public String returnPath() {
        return returnPath;
    }
}
