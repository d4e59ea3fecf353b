package org.reckon.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * One seller's part of a checkout (Table 11.2). Its status changes only through
 * {@link #moveTo}, which consults the transition table of {@link PaymentOrderStatus} and returns
 * the history row to append; a change the table forbids is refused (409), never applied.
 * The version column makes concurrent changes (webhook vs status poll) serialize.
 */
@Entity
@Table(name = "payment_order")
@EntityListeners(PaymentOrderChanges.class)
public class PaymentOrder {

    @Id
    @Column(name = "payment_order_id", length = 100)
    private String paymentOrderId;

    @Column(name = "checkout_id", nullable = false, length = 100)
    private String checkoutId;

    @Column(name = "seller_account", nullable = false, length = 100)
    private String sellerAccount;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal amount;

    @Column(nullable = false, length = 3)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    private PaymentOrderStatus status;

    @Column(name = "psp_token", length = 200)
    private String pspToken;

    @Column(name = "psp_hosted_page_url", length = 500)
    private String pspHostedPageUrl;

    @Column(name = "psp_reference", length = 200)
    private String pspReference;

    @Column(name = "failure_reason", length = 500)
    private String failureReason;

    @Column(name = "refunded_amount", nullable = false, precision = 19, scale = 4)
    private BigDecimal refundedAmount;

    @Column(name = "ledger_updated", nullable = false)
    private boolean ledgerUpdated;

    @Column(name = "wallet_updated", nullable = false)
    private boolean walletUpdated;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected PaymentOrder() {
    }

    public PaymentOrder(String paymentOrderId, String checkoutId, String sellerAccount, Money amount, Instant now) {
        if (!amount.isPositive()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be greater than zero", "amount");
        }
        if (amount.amount().compareTo(Money.MAX_AMOUNT) > 0) { // a hotel total, say, computed from capped rates
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be at most " + Money.MAX_AMOUNT.toPlainString(), "amount");
        }
        this.paymentOrderId = paymentOrderId;
        this.checkoutId = checkoutId;
        this.sellerAccount = sellerAccount;
        this.amount = amount.amount();
        this.currency = amount.currencyCode();
        this.status = PaymentOrderStatus.NOT_STARTED;
        this.refundedAmount = BigDecimal.ZERO;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The history row of the order's creation. */
    public PaymentOrderHistory created(String cause) {
        return new PaymentOrderHistory(paymentOrderId, null, status, cause, createdAt);
    }

    /** Moves to {@code next} if the transition table allows it; returns the history row to append. */
    public PaymentOrderHistory moveTo(PaymentOrderStatus next, String cause, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new ReckonException(ErrorCode.CONFLICT,
                    "payment order " + paymentOrderId + " cannot go from " + status + " to " + next);
        }
        PaymentOrderHistory history = new PaymentOrderHistory(paymentOrderId, status, next, cause, now);
        status = next;
        updatedAt = now;
        if (next == PaymentOrderStatus.FAILED) {
            failureReason = cause.length() > 500 ? cause.substring(0, 500) : cause;
        }
        return history;
    }

    /**
     * Checks a refund before the PSP is asked: captured money only, same currency, never more
     * than what is left after earlier refunds.
     */
    public void checkRefundable(Money requested) {
        if (!status.isCaptured()) {
            throw new ReckonException(ErrorCode.CONFLICT, "payment order " + paymentOrderId + " is " + status
                    + "; only captured payments can be refunded");
        }
        if (!requested.currency().equals(amount().currency())) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be " + currency + ", the payment's currency", "currency");
        }
        if (!requested.isPositive()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be greater than zero", "amount");
        }
        Money left = amount().minus(refunded());
        if (requested.exceeds(left)) {
            throw new ReckonException(ErrorCode.UNPROCESSABLE, "only " + left + " of " + amount() + " is left to refund",
                    "amount");
        }
    }

    /** Records a refund the PSP confirmed; returns the history row. */
    public PaymentOrderHistory refunded(Money refund, String cause, Instant now) {
        checkRefundable(refund);
        Money total = refunded().plus(refund);
        PaymentOrderStatus next = total.amount().compareTo(amount().amount()) == 0
                ? PaymentOrderStatus.REFUNDED : PaymentOrderStatus.PARTIALLY_REFUNDED;
        PaymentOrderHistory history = moveTo(next, cause, now);
        refundedAmount = total.amount();
        return history;
    }

    /** The PSP accepted the registration: its token is stored before the hosted page is shown. */
    public void registeredAtPsp(String token, String hostedPageUrl) {
        this.pspToken = token;
        this.pspHostedPageUrl = hostedPageUrl;
    }

    /** Success was posted to the ledger and the seller's wallet in this same transaction. */
    public void moneyMoved(String pspReference) {
        this.pspReference = pspReference;
        this.ledgerUpdated = true;
        this.walletUpdated = true;
    }

    public String paymentOrderId() {
        return paymentOrderId;
    }

    public String checkoutId() {
        return checkoutId;
    }

    public String sellerAccount() {
        return sellerAccount;
    }

    public Money amount() {
        return Money.of(amount, currency);
    }

    public Money refunded() {
        return Money.of(refundedAmount, currency);
    }

    public PaymentOrderStatus status() {
        return status;
    }

    public String pspToken() {
        return pspToken;
    }

    public String pspHostedPageUrl() {
        return pspHostedPageUrl;
    }

    public String pspReference() {
        return pspReference;
    }

    public String failureReason() {
        return failureReason;
    }

    public boolean ledgerUpdated() {
        return ledgerUpdated;
    }

    public boolean walletUpdated() {
        return walletUpdated;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
