package org.reckon.hotel.demo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reckon.hotel.NewRoomType;

/** The demo data is what the issue asks for, and every hotel would pass the catalog's own checks. */
class DemoHotelTest {

    @Test
    void aDozenHotelsInSeveralCitiesAndThreeCurrencies() {
        assertEquals(12, DemoHotel.ALL.size());
        assertTrue(DemoHotel.ALL.stream().map(h -> h.hotel().city()).distinct().count() >= 5);
        assertEquals(Set.of("EUR", "GBP", "USD"),
                DemoHotel.ALL.stream().map(h -> h.hotel().currency()).collect(Collectors.toSet()));
    }

    @Test
    void eachHotelIsValidWithTwoOrThreeRoomTypesAndTenToFortyRooms() {
        for (DemoHotel demo : DemoHotel.ALL) {
            String name = demo.hotel().name();
            assertDoesNotThrow(() -> demo.hotel().details("hotel-demo"), name);
            assertTrue(demo.roomTypes().size() >= 2 && demo.roomTypes().size() <= 3, name);
            int rooms = demo.roomTypes().stream().mapToInt(t -> t.roomNumbers().size()).sum();
            assertTrue(rooms >= 10 && rooms <= 40, name + " has " + rooms + " rooms");
            Set<String> numbers = new HashSet<>();
            for (NewRoomType type : demo.roomTypes()) {
                assertTrue(new BigDecimal(type.baseRate()).signum() > 0, name);
                for (String number : type.roomNumbers()) {
                    assertTrue(numbers.add(number), name + " numbers room " + number + " twice");
                    assertTrue(number.matches("[A-Za-z0-9-]{1,20}"), number);
                }
            }
            assertTrue(!demo.hotel().amenities().isEmpty(), name);
        }
    }
}
