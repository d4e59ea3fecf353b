package org.reckon.payment.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One state change of a payment order: appended, never changed. Its id comes from a sequence that
 * hands out 50 at a time (issue 15): an IDENTITY key is known only after its INSERT, so Hibernate
 * had to insert each row at once, alone, in the middle of the transaction; from the sequence the
 * row waits for the flush and goes out in the same JDBC batch as the other rows of its kind. Ids
 * are unique, not ordered in time across nodes (each takes blocks of its own): the history reads
 * in {@code changed_at} order.
 */
@Entity
@Table(name = "payment_order_history")
public class PaymentOrderHistory {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_order_history_ids")
    @SequenceGenerator(name = "payment_order_history_ids", sequenceName = "payment_order_history_seq", allocationSize = 50)
    private Long id;

    @Column(name = "payment_order_id", nullable = false, length = 100)
    private String paymentOrderId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", length = 30)
    private PaymentOrderStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false, length = 30)
    private PaymentOrderStatus toStatus;

    @Column(nullable = false, length = 500)
    private String cause;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected PaymentOrderHistory() {
    }

    PaymentOrderHistory(String paymentOrderId, PaymentOrderStatus from, PaymentOrderStatus to, String cause, Instant at) {
        this.paymentOrderId = paymentOrderId;
        this.fromStatus = from;
        this.toStatus = to;
        this.cause = cause.length() > 500 ? cause.substring(0, 500) : cause;
        this.changedAt = at;
    }

    public String paymentOrderId() {
        return paymentOrderId;
    }

    public PaymentOrderStatus fromStatus() {
        return fromStatus;
    }

    public PaymentOrderStatus toStatus() {
        return toStatus;
    }

    public String cause() {
        return cause;
    }

    public Instant changedAt() {
        return changedAt;
    }
}
