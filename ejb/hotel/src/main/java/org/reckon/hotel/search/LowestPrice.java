package org.reckon.hotel.search;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import org.reckon.hotel.AvailabilityView;

/**
 * The price a search result shows: the lowest average nightly price, per room and before taxes
 * and fees, among the room types bookable for the stay. Averaging over the stay makes a room
 * type whose weekend is dearer comparable with one of flat rate.
 */
public final class LowestPrice {

    private LowestPrice() {
    }

    /** The lowest average nightly price as a decimal string in the currency's digits, or null if nothing is bookable. */
    public static String perNight(AvailabilityView availability) {
        int digits = Math.max(Currency.getInstance(availability.currency()).getDefaultFractionDigits(), 0);
        BigDecimal lowest = null;
        for (AvailabilityView.RoomTypeAvailability type : availability.roomTypes()) {
            if (type.nights().isEmpty()) {
                continue;
            }
            BigDecimal sum = type.nights().stream().map(n -> new BigDecimal(n.price()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal average = sum.divide(BigDecimal.valueOf(type.nights().size()), digits, RoundingMode.HALF_UP);
            if (lowest == null || average.compareTo(lowest) < 0) {
                lowest = average;
            }
        }
        return lowest == null ? null : lowest.toPlainString();
    }
}
