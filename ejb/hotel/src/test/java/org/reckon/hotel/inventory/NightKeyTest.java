package org.reckon.hotel.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NightKeyTest {

    @Test
    void theCacheKeyReadsBackAsTheSameNight() {
        NightKey night = new NightKey(UUID.randomUUID().toString(), UUID.randomUUID().toString(), LocalDate.of(2027, 2, 28));
        assertEquals(night, NightKey.ofCacheKey(night.cacheKey()));
    }

    @Test
    void differentNightsHaveDifferentCacheKeys() {
        String hotel = UUID.randomUUID().toString();
        String roomType = UUID.randomUUID().toString();
        LocalDate day = LocalDate.of(2027, 1, 1);
        NightKey night = new NightKey(hotel, roomType, day);
        assertNotEquals(night.cacheKey(), new NightKey(hotel, roomType, day.plusDays(1)).cacheKey());
        assertNotEquals(night.cacheKey(), new NightKey(hotel, UUID.randomUUID().toString(), day).cacheKey());
        assertNotEquals(night.cacheKey(), new NightKey(UUID.randomUUID().toString(), roomType, day).cacheKey());
    }
}
