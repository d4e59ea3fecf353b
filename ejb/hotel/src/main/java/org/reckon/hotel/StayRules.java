package org.reckon.hotel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.reckon.hotel.domain.Stay;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/** What makes a stay bookable at all, before any inventory is looked at. Errors name the wire field. */
@ApplicationScoped
public class StayRules {

    @Inject
    HotelSettings settings;

    public Stay check(String hotelId, String roomTypeId, LocalDate start, LocalDate end, Integer rooms, String roomsField) {
        if (start == null) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "is required (YYYY-MM-DD)", "start_date");
        }
        if (end == null) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "is required (YYYY-MM-DD)", "end_date");
        }
        if (rooms == null || rooms < 1 || rooms > settings.maxRooms()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 1 to " + settings.maxRooms(), roomsField);
        }
        if (start.isBefore(settings.today())) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must not be in the past", "start_date");
        }
        if (!end.isAfter(start)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be after start_date", "end_date");
        }
        if (ChronoUnit.DAYS.between(start, end) > settings.maxNights()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "a stay is at most " + settings.maxNights() + " nights",
                    "end_date");
        }
        if (end.isAfter(settings.horizon())) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be on or before " + settings.horizon()
                    + " (rooms are sold " + settings.inventoryDays() + " days ahead)", "end_date");
        }
        return new Stay(hotelId, roomTypeId, start, end, rooms);
    }
}
