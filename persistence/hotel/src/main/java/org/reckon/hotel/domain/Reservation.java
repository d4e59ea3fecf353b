package org.reckon.hotel.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * A booked stay (Table 7.3), keyed by the reservation order's id, so a second submission of the
 * same order finds it instead of booking again. Its status changes only through {@link #moveTo},
 * which consults {@link ReservationStatus}'s table and returns the history row to append.
 */
@Entity
@Table(name = "reservation")
public class Reservation {

    @Id
    @Column(name = "reservation_id", length = 64)
    private String reservationId;

    @Column(name = "hotel_id", nullable = false, length = 64)
    private String hotelId;

    @Column(name = "room_type_id", nullable = false, length = 64)
    private String roomTypeId;

    @Column(nullable = false, length = 100)
    private String guest;

    @Column(name = "guest_name", nullable = false, length = 200)
    private String guestName;

    @Column(name = "guest_email", nullable = false, length = 254)
    private String guestEmail;

    @Column(name = "start_date", nullable = false)
    private LocalDate startDate;

    @Column(name = "end_date", nullable = false)
    private LocalDate endDate;

    @Column(name = "number_of_rooms", nullable = false)
    private int numberOfRooms;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private ReservationStatus status;

    @Column(name = "status_reason", length = 500)
    private String statusReason;

    @Column(nullable = false)
    private boolean overbooked;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal total;

    @Column(name = "checkout_id", nullable = false, length = 100)
    private String checkoutId;

    @Column(name = "payment_order_id", nullable = false, length = 100)
    private String paymentOrderId;

    @Column(name = "payment_deadline", nullable = false)
    private Instant paymentDeadline;

    /** The guest's wallet account that paid it (issue 12); null when paid by card through the payment context. */
    @Column(name = "wallet_account", length = 64)
    private String walletAccount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Reservation() {
    }

    public Reservation(ReservationOrder order, boolean overbooked, Instant paymentDeadline, Instant now) {
        this(order, overbooked, paymentDeadline, now, null);
    }

    public Reservation(ReservationOrder order, boolean overbooked, Instant paymentDeadline, Instant now, String walletAccount) {
        Stay stay = order.stay();
        Guest g = order.guest();
        this.reservationId = order.reservationId();
        this.hotelId = stay.hotelId();
        this.roomTypeId = stay.roomTypeId();
        this.guest = g.username();
        this.guestName = g.name();
        this.guestEmail = g.email();
        this.startDate = stay.startDate();
        this.endDate = stay.endDate();
        this.numberOfRooms = stay.rooms();
        this.status = ReservationStatus.PENDING;
        this.overbooked = overbooked;
        this.currency = order.currency();
        this.total = order.quote().total();
        this.checkoutId = "reservation-" + reservationId;
        this.paymentOrderId = "reservation-" + reservationId + "-1";
        this.paymentDeadline = paymentDeadline;
        this.walletAccount = walletAccount;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public ReservationHistory created(String cause) {
        return new ReservationHistory(reservationId, null, status, cause, createdAt);
    }

    /** Moves to {@code next} if the table allows it; 409 otherwise. Returns the history row to append. */
    public ReservationHistory moveTo(ReservationStatus next, String cause, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new ReckonException(ErrorCode.CONFLICT,
                    "reservation " + reservationId + " is " + status + " and cannot become " + next, "reservation_id");
        }
        ReservationHistory row = new ReservationHistory(reservationId, status, next, cause, now);
        this.status = next;
        this.statusReason = cause;
        this.updatedAt = now;
        return row;
    }

    public Stay stay() {
        return new Stay(hotelId, roomTypeId, startDate, endDate, numberOfRooms);
    }

    public String reservationId() {
        return reservationId;
    }

    public String hotelId() {
        return hotelId;
    }

    public String roomTypeId() {
        return roomTypeId;
    }

    public Guest guest() {
        return new Guest(guest, guestName, guestEmail);
    }

    public ReservationStatus status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public boolean overbooked() {
        return overbooked;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal total() {
        return total;
    }

    public String checkoutId() {
        return checkoutId;
    }

    public String paymentOrderId() {
        return paymentOrderId;
    }

    public String walletAccount() {
        return walletAccount;
    }

    public boolean paidFromWallet() {
        return walletAccount != null;
    }

    public Instant paymentDeadline() {
        return paymentDeadline;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
