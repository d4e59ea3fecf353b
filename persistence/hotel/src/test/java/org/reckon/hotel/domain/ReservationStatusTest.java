package org.reckon.hotel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reckon.shared.ReckonException;

class ReservationStatusTest {

    private static final Set<String> ALLOWED = Set.of("PENDING>PAID", "PENDING>REJECTED", "PENDING>CANCELED",
            "PAID>REFUNDED");

    @ParameterizedTest
    @EnumSource(ReservationStatus.class)
    void everyPairIsAllowedOnlyIfListed(ReservationStatus from) {
        for (ReservationStatus to : ReservationStatus.values()) {
            assertEquals(ALLOWED.contains(from + ">" + to), from.canMoveTo(to), from + " -> " + to);
        }
    }

    @Test
    void everyEndingLeavesAHoldingStateExactlyOnce() {
        assertEquals(EnumSet.of(ReservationStatus.PENDING, ReservationStatus.PAID),
                EnumSet.copyOf(List.of(ReservationStatus.values()).stream().filter(ReservationStatus::holdsInventory).toList()));
        for (ReservationStatus from : ReservationStatus.values()) {
            for (ReservationStatus to : from.next()) {
                if (!to.holdsInventory()) {
                    assertEquals(true, from.holdsInventory(), from + " -> " + to + " would release rooms it does not hold");
                    assertEquals(Set.of(), to.next(), to + " must be final once rooms are released");
                }
            }
        }
    }

    @Test
    void aForbiddenMoveIsRefusedAndChangesNothing() {
        Pricing pricing = new Pricing(Currency.getInstance("EUR"), BigDecimal.TEN, BigDecimal.ZERO, List.of());
        Stay stay = new Stay("h", "rt", LocalDate.of(2030, 1, 1), LocalDate.of(2030, 1, 3), 1);
        Pricing.Quote quote = pricing.quote(List.of(new Pricing.Night(stay.startDate(), BigDecimal.TEN),
                new Pricing.Night(stay.startDate().plusDays(1), BigDecimal.TEN)), 1);
        Instant now = Instant.parse("2029-01-01T00:00:00Z");
        ReservationOrder order = new ReservationOrder("r1", new Guest("alice", "Alice", "a@example.com"), stay, "EUR",
                quote, now, now.plusSeconds(900));
        Reservation reservation = new Reservation(order, false, now.plusSeconds(1800), now);
        assertEquals(new BigDecimal("22.00"), reservation.total());
        assertEquals(2, order.quote().nights().size());
        reservation.moveTo(ReservationStatus.CANCELED, "guest canceled", now);
        assertThrows(ReckonException.class, () -> reservation.moveTo(ReservationStatus.PAID, "late payment", now));
        assertEquals(ReservationStatus.CANCELED, reservation.status());
    }
}
