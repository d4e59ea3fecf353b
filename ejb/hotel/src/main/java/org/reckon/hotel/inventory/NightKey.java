package org.reckon.hotel.inventory;

import java.time.LocalDate;

/** A room type on one night: the key of room_type_inventory and of the availability cache. */
public record NightKey(String hotelId, String roomTypeId, LocalDate date) {
}
