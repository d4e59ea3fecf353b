package org.reckon.hotel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingTest {

    private final Pricing eur = new Pricing(Currency.getInstance("EUR"), new BigDecimal("14"), new BigDecimal("2.19"),
            List.of(new OccupancyMultiplier(90, new BigDecimal("1.5")), new OccupancyMultiplier(70, new BigDecimal("1.2"))));

    @Test
    void overbookingAllowanceIsFloored() {
        assertEquals(110, Pricing.maxReserved(100, new BigDecimal("10")));
        assertEquals(9, Pricing.maxReserved(9, new BigDecimal("10")));
        assertEquals(11, Pricing.maxReserved(10, new BigDecimal("10")));
        assertEquals(0, Pricing.maxReserved(0, new BigDecimal("10")));
        assertEquals(3, Pricing.maxReserved(3, BigDecimal.ZERO));
    }

    @Test
    void theHighestTierReachedApplies() {
        assertEquals(BigDecimal.ONE, eur.multiplierAt(69));
        assertEquals(new BigDecimal("1.2"), eur.multiplierAt(70));
        assertEquals(new BigDecimal("1.2"), eur.multiplierAt(89));
        assertEquals(new BigDecimal("1.5"), eur.multiplierAt(90));
        assertEquals(new BigDecimal("1.5"), eur.multiplierAt(110));
    }

    @Test
    void occupancyCountsAnEmptyInventoryAsFull() {
        assertEquals(100, Pricing.occupancyPercent(0, 0));
        assertEquals(69, Pricing.occupancyPercent(100, 69));
        assertEquals(110, Pricing.occupancyPercent(100, 110));
    }

    @Test
    void nightlyPriceIsRateTimesMultiplierRoundedToTheCurrency() {
        assertEquals(new BigDecimal("100.00"), eur.nightly(new BigDecimal("100"), 10, 6));
        assertEquals(new BigDecimal("120.01"), eur.nightly(new BigDecimal("100.005"), 10, 7));
        Pricing yen = new Pricing(Currency.getInstance("JPY"), BigDecimal.TEN, BigDecimal.ZERO, List.of());
        assertEquals(new BigDecimal("12346"), yen.nightly(new BigDecimal("12345.6"), 1, 0));
    }

    @Test
    void aQuoteIsNightsTimesRoomsPlusTaxAndTheFee() {
        Pricing.Quote quote = eur.quote(List.of(
                new Pricing.Night(LocalDate.of(2021, 7, 7), new BigDecimal("169.33")),
                new Pricing.Night(LocalDate.of(2021, 7, 8), new BigDecimal("169.33")),
                new Pricing.Night(LocalDate.of(2021, 7, 9), new BigDecimal("169.34"))), 2);
        assertEquals(new BigDecimal("1016.00"), quote.subtotal());
        assertEquals(new BigDecimal("142.24"), quote.taxes());
        assertEquals(new BigDecimal("2.19"), quote.fees());
        assertEquals(new BigDecimal("1160.43"), quote.total());
        assertEquals(3, quote.nights().size());
    }
}
