package org.reckon.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A checkout: what a buyer pays in one go, to one or more sellers (chapter 11's payment event).
 * {@code buyer} is the authenticated principal: customers see only their own payments.
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

    @Column(name = "is_payment_done", nullable = false)
    private boolean paymentDone;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PaymentEvent() {
    }

    public PaymentEvent(String checkoutId, String buyer, String buyerName, String buyerEmail, String pspToken,
                        String returnPath, Instant now) {
        this.returnPath = returnPath;
        this.checkoutId = checkoutId;
        this.buyer = buyer;
        this.buyerName = buyerName;
        this.buyerEmail = buyerEmail;
        this.pspToken = pspToken;
        this.createdAt = now;
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
