package org.reckon.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.reckon.shared.money.Money;

/** A refund the PSP confirmed, recorded with its ledger reversal in one transaction. */
@Entity
@Table(name = "payment_refund")
public class PaymentRefund {

    @Id
    @Column(name = "refund_id", length = 100)
    private String refundId;

    @Column(name = "payment_order_id", nullable = false, length = 100)
    private String paymentOrderId;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal amount;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "psp_reference", length = 200)
    private String pspReference;

    @Column(name = "requested_by", nullable = false, length = 100)
    private String requestedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PaymentRefund() {
    }

    public PaymentRefund(String refundId, String paymentOrderId, Money amount, String pspReference, String requestedBy,
                         Instant createdAt) {
        this.refundId = refundId;
        this.paymentOrderId = paymentOrderId;
        this.amount = amount.amount();
        this.currency = amount.currencyCode();
        this.pspReference = pspReference;
        this.requestedBy = requestedBy;
        this.createdAt = createdAt;
    }

    public String refundId() {
        return refundId;
    }

    public String paymentOrderId() {
        return paymentOrderId;
    }

    public Money amount() {
        return Money.of(amount, currency);
    }

    public String pspReference() {
        return pspReference;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
