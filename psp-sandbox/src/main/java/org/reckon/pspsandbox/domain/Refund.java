package org.reckon.pspsandbox.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/**
 * A refund, keyed by the merchant's refund id so a retried request cannot refund twice. It has a
 * psp_reference of its own (not the charge's), so a settlement line identifies one refund even
 * when a payment is refunded in several parts on one day.
 */
@Entity
@Table(name = "refund")
public class Refund {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "refund_id")
    private String refundId;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "payment_id")
    private Payment payment;
    private BigDecimal amount;
    private String currency;
    @Column(name = "psp_reference")
    private String pspReference;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Refund() {
    }

    public Refund(String refundId, Payment payment, Money money, String pspReference, Instant now) {
        this.refundId = refundId;
        this.payment = payment;
        this.amount = money.amount();
        this.currency = money.currencyCode();
        this.pspReference = pspReference;
        this.createdAt = now;
    }

    /** The same request again: same payment, same money. Anything else reusing the id is a conflict. */
    public boolean sameRequest(String nonce, Money money) {
        return payment.nonce().equals(nonce) && money().sameValue(money);
    }

    public Money money() {
        return new Money(amount, Currency.getInstance(currency));
    }

    public String refundId() {
        return refundId;
    }

    public Payment payment() {
        return payment;
    }

    public String pspReference() {
        return pspReference;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
