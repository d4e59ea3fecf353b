package org.reckon.hotel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reckon.hotel.AvailabilityView;
import org.reckon.hotel.AvailabilityView.NightPrice;
import org.reckon.hotel.AvailabilityView.RoomTypeAvailability;

class LowestPriceTest {

    private static final LocalDate D = LocalDate.of(2027, 3, 1);

    private static RoomTypeAvailability type(String... prices) {
        List<NightPrice> nights = new java.util.ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            nights.add(new NightPrice(D.plusDays(i), prices[i]));
        }
        return new RoomTypeAvailability("t", "t", 5, nights, "0");
    }

    private static AvailabilityView view(String currency, RoomTypeAvailability... types) {
        return new AvailabilityView("h", D, D.plusDays(3), 1, currency, List.of(types));
    }

    @Test
    void isTheLowestAverageNightAmongBookableRoomTypes() {
        assertEquals("110.00", LowestPrice.perNight(view("EUR", type("100.00", "120.00"), type("150.00", "150.00"))));
    }

    @Test
    void averageIsRoundedHalfUpToTheCurrencysDigits() {
        assertEquals("100.01", LowestPrice.perNight(view("EUR", type("100.00", "100.01", "100.01"))));
        assertEquals("10001", LowestPrice.perNight(view("JPY", type("10000", "10001"))));
    }

    @Test
    void nothingBookableHasNoPrice() {
        assertNull(LowestPrice.perNight(view("USD")));
    }
}
