package org.reckon.hotel;

import java.time.LocalDate;
import java.util.List;

/** Which room types of a hotel can be booked for a stay, and at what price per night (before taxes and fees). */
public record AvailabilityView(String hotelId, LocalDate startDate, LocalDate endDate, int rooms, String currency,
                               List<RoomTypeAvailability> roomTypes) {

    public record RoomTypeAvailability(String roomTypeId, String name, int roomsLeft, List<NightPrice> nights,
                                       String total) {
    }

    public record NightPrice(LocalDate date, String price) {
    }
}
