package org.reckon.pspsandbox.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;

/**
 * A payment registered by a merchant under its nonce. The aggregate decides every change of its
 * own status, through {@link PaymentStatus}'s transition table: confirming a card, reaching a
 * deferred outcome, refunding. Keeps only the card's brand and last four digits.
 */
@Entity
@Table(name = "payment")
public class Payment {

    public static final String CARD_DECLINED = "card_declined";
    public static final String PROCESSING_TIMEOUT = "processing_timeout";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String nonce;
    private String token;
    private BigDecimal amount;
    private String currency;
    @Column(name = "merchant_reference")
    private String merchantReference;
    @Column(name = "return_url")
    private String returnUrl;
    @Column(name = "webhook_url")
    private String webhookUrl;
    private PaymentStatus status;
    @Column(name = "psp_reference")
    private String pspReference;
    @Column(name = "failure_reason")
    private String failureReason;
    @Column(name = "card_brand")
    private String cardBrand;
    @Column(name = "card_last4")
    private String cardLast4;
    @Column(name = "refunded_amount")
    private BigDecimal refundedAmount;
    @Column(name = "resolve_at")
    private Instant resolveAt;
    @Column(name = "succeeded_at")
    private Instant succeededAt;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Version
    private long version;

    protected Payment() {
    }

    public static Payment register(String nonce, String token, Money money, String merchantReference,
                                   String returnUrl, String webhookUrl, Instant now) {
        Payment p = new Payment();
        p.nonce = nonce;
        p.token = token;
        p.amount = money.amount();
        p.currency = money.currencyCode();
        p.merchantReference = merchantReference;
        p.returnUrl = returnUrl;
        p.webhookUrl = webhookUrl;
        p.status = PaymentStatus.REQUIRES_PAYMENT_METHOD;
        p.refundedAmount = BigDecimal.ZERO;
        p.createdAt = now;
        p.updatedAt = now;
        return p;
    }

    /**
     * Applies the card's decision; a payment is decided once. A held payment remembers when its
     * deferred outcome is due ({@link #resolveIfDue}).
     */
    public void confirm(Card card, DecisionDelays delays, String newPspReference, Instant now) {
        if (status != PaymentStatus.REQUIRES_PAYMENT_METHOD) {
            throw new PspException(PspError.PAYMENT_ALREADY_DECIDED,
                    "Payment " + nonce + " was already confirmed; its status is " + status.wire());
        }
        cardBrand = card.brand().wire();
        cardLast4 = card.last4();
        switch (card.outcome()) {
            case SUCCEED -> succeed(newPspReference, now);
            case DECLINE -> fail(CARD_DECLINED, now);
            case PENDING_THEN_SUCCEED -> hold(PaymentStatus.PENDING, now.plus(delays.pending()), now);
            case PROCESSING_THEN_TIMEOUT -> hold(PaymentStatus.PROCESSING, now.plus(delays.processing()), now);
        }
    }

    /** A held payment whose time has come: review passed (succeeded) or the issuer timed out (failed). */
    public boolean resolveIfDue(String newPspReference, Instant now) {
        if (resolveAt == null || resolveAt.isAfter(now)) {
            return false;
        }
        if (status == PaymentStatus.PENDING) {
            succeed(newPspReference, now);
        } else if (status == PaymentStatus.PROCESSING) {
            fail(PROCESSING_TIMEOUT, now);
        }
        resolveAt = null;
        return true;
    }

    /** Refunds part or all of the captured amount; refunds never exceed it in total. */
    public void refund(Money refund, Instant now) {
        if (!status.refundable()) {
            throw new PspException(PspError.PAYMENT_NOT_REFUNDABLE,
                    "Payment " + nonce + " is " + status.wire() + "; only succeeded or partially_refunded payments can be refunded");
        }
        if (!refund.isPositive()) {
            throw PspException.field(PspError.REFUND_REJECTED, "amount", "must be greater than 0");
        }
        if (!refund.sameCurrency(money())) {
            throw PspException.field(PspError.REFUND_REJECTED, "currency",
                    "must be the payment's currency, " + currency);
        }
        Money total = refunded().plus(refund);
        if (total.exceeds(money())) {
            throw PspException.field(PspError.REFUND_REJECTED, "amount",
                    "exceeds what is left to refund: " + new Money(amount.subtract(refundedAmount), money().currency()));
        }
        refundedAmount = total.amount();
        moveTo(total.sameValue(money()) ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED, now);
    }

    private void succeed(String newPspReference, Instant now) {
        moveTo(PaymentStatus.SUCCEEDED, now);
        pspReference = newPspReference;
        succeededAt = now;
    }

    private void fail(String reason, Instant now) {
        moveTo(PaymentStatus.FAILED, now);
        failureReason = reason;
    }

    private void hold(PaymentStatus held, Instant until, Instant now) {
        moveTo(held, now);
        resolveAt = until;
    }

    private void moveTo(PaymentStatus next, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("Payment " + nonce + ": " + status.wire() + " -> " + next.wire() + " is not allowed");
        }
        status = next;
        updatedAt = now;
    }

    public Money money() {
        return new Money(amount, Currency.getInstance(currency));
    }

    public Money refunded() {
        return new Money(refundedAmount, Currency.getInstance(currency));
    }

    public Long id() {
        return id;
    }

    public String nonce() {
        return nonce;
    }

    public String token() {
        return token;
    }

    public String merchantReference() {
        return merchantReference;
    }

    public String returnUrl() {
        return returnUrl;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public PaymentStatus status() {
        return status;
    }

    public String pspReference() {
        return pspReference;
    }

    public String failureReason() {
        return failureReason;
    }

    public String cardBrand() {
        return cardBrand;
    }

    public String cardLast4() {
        return cardLast4;
    }

    public Instant succeededAt() {
        return succeededAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
