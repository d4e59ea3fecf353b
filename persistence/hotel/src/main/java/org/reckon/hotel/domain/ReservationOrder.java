package org.reckon.hotel.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Step one of booking: a quote for a stay with a globally unique reservation_id (the seed's
 * reservationID), which step two books. The nights are kept as "date=price;..." text: they are
 * only ever read whole.
 */
@Entity
@Table(name = "reservation_order")
public class ReservationOrder {

    @Id
    @Column(name = "reservation_id", length = 64)
    private String reservationId;

    @Column(nullable = false, length = 100)
    private String guest;

    @Column(name = "guest_name", nullable = false, length = 200)
    private String guestName;

    @Column(name = "guest_email", nullable = false, length = 254)
    private String guestEmail;

    @Column(name = "hotel_id", nullable = false, length = 64)
    private String hotelId;

    @Column(name = "room_type_id", nullable = false, length = 64)
    private String roomTypeId;

    @Column(name = "start_date", nullable = false)
    private LocalDate startDate;

    @Column(name = "end_date", nullable = false)
    private LocalDate endDate;

    @Column(name = "number_of_rooms", nullable = false)
    private int numberOfRooms;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(nullable = false, length = 8000)
    private String nights;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal subtotal;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal taxes;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal fees;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal total;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected ReservationOrder() {
    }

    public ReservationOrder(String reservationId, Guest guest, Stay stay, String currency, Pricing.Quote quote,
                            Instant now, Instant expiresAt) {
        this.reservationId = reservationId;
        this.guest = guest.username();
        this.guestName = guest.name();
        this.guestEmail = guest.email();
        this.hotelId = stay.hotelId();
        this.roomTypeId = stay.roomTypeId();
        this.startDate = stay.startDate();
        this.endDate = stay.endDate();
        this.numberOfRooms = stay.rooms();
        this.currency = currency;
        StringBuilder text = new StringBuilder();
        for (Pricing.Night night : quote.nights()) {
            text.append(text.length() > 0 ? ";" : "").append(night.date()).append('=').append(night.price().toPlainString());
        }
        this.nights = text.toString();
        this.subtotal = quote.subtotal();
        this.taxes = quote.taxes();
        this.fees = quote.fees();
        this.total = quote.total();
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public String reservationId() {
        return reservationId;
    }

    public Guest guest() {
        return new Guest(guest, guestName, guestEmail);
    }

    public Stay stay() {
        return new Stay(hotelId, roomTypeId, startDate, endDate, numberOfRooms);
    }

    public String currency() {
        return currency;
    }

    public Pricing.Quote quote() {
        List<Pricing.Night> list = new ArrayList<>();
        for (String night : nights.split(";")) {
            String[] parts = night.split("=");
            list.add(new Pricing.Night(LocalDate.parse(parts[0]), new BigDecimal(parts[1])));
        }
        return new Pricing.Quote(list, subtotal, taxes, fees, total);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean expired(Instant now) {
        return expired(expiresAt, now);
    }

    /** Whether a quote valid until {@code expiresAt} has expired at {@code now}: the one rule, for any read of an order. */
    public static boolean expired(Instant expiresAt, Instant now) {
        return now.isAfter(expiresAt);
    }
}
