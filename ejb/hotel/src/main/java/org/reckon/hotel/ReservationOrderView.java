package org.reckon.hotel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.reckon.hotel.domain.Pricing;
import org.reckon.hotel.domain.ReservationOrder;
import org.reckon.hotel.domain.Stay;

/** Step one's answer: the reservation_id to book with and the price breakdown to review (Figure 7.9). */
public record ReservationOrderView(String reservationId, String hotelId, String roomTypeId, LocalDate startDate,
                                   LocalDate endDate, int numberOfRooms, String guestName, String guestEmail,
                                   String currency, List<NightRate> nights, String subtotal, String taxes,
                                   String fees, String total, Instant expiresAt) {

    public record NightRate(LocalDate date, String rate) {
    }

    public static ReservationOrderView of(ReservationOrder o) {
        Stay s = o.stay();
        Pricing.Quote q = o.quote();
        return new ReservationOrderView(o.reservationId(), s.hotelId(), s.roomTypeId(), s.startDate(), s.endDate(),
                s.rooms(), o.guest().name(), o.guest().email(), o.currency(),
                q.nights().stream().map(n -> new NightRate(n.date(), n.price().toPlainString())).toList(),
                q.subtotal().toPlainString(), q.taxes().toPlainString(), q.fees().toPlainString(),
                q.total().toPlainString(), o.expiresAt());
    }
}
