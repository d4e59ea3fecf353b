package org.reckon.hotel.domain;

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
 * One state change of a reservation, appended: when, from what, to what, and why. Its id comes
 * from a sequence drawn 50 at a time (issue 15), so the row waits for the flush and joins its JDBC
 * batch (an IDENTITY key forced an INSERT of its own at once); ids are not ordered in time across
 * nodes, {@code changed_at} is.
 */
@Entity
@Table(name = "reservation_history")
public class ReservationHistory {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "reservation_history_ids")
    @SequenceGenerator(name = "reservation_history_ids", sequenceName = "reservation_history_seq", allocationSize = 50)
    @Column(name = "history_id")
    private Long id;

    @Column(name = "reservation_id", nullable = false, length = 64)
    private String reservationId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", length = 20)
    private ReservationStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false, length = 20)
    private ReservationStatus toStatus;

    @Column(nullable = false, length = 500)
    private String cause;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected ReservationHistory() {
    }

    ReservationHistory(String reservationId, ReservationStatus fromStatus, ReservationStatus toStatus, String cause,
                       Instant changedAt) {
        this.reservationId = reservationId;
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.cause = cause.length() > 500 ? cause.substring(0, 500) : cause;
        this.changedAt = changedAt;
    }

    public ReservationStatus fromStatus() {
        return fromStatus;
    }

    public ReservationStatus toStatus() {
        return toStatus;
    }

    public String cause() {
        return cause;
    }

    public Instant changedAt() {
        return changedAt;
    }
}
