package org.reckon.hotel.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What is booked: rooms of one room type of one hotel, from the start date to the (exclusive) end date. */
public record Stay(String hotelId, String roomTypeId, LocalDate startDate, LocalDate endDate, int rooms) {

    public List<LocalDate> nights() {
        List<LocalDate> nights = new ArrayList<>();
        for (LocalDate d = startDate; d.isBefore(endDate); d = d.plusDays(1)) {
            nights.add(d);
        }
        return nights;
    }
}
