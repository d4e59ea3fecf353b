package org.reckon.hotel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.reckon.hotel.domain.HotelDetails;
import org.reckon.hotel.domain.OccupancyMultiplier;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * A hotel as staff send it (shape already checked by Bean Validation at the edge); {@link #details}
 * turns the decimal strings into numbers, each error naming its field.
 */
public record HotelInput(String name, String city, String address, List<String> amenities, String currency,
                         String sellerAccount, String overbookingPercent, String taxPercent, String serviceFee,
                         List<TierInput> occupancyMultipliers) {

    public record TierInput(Integer fromOccupancyPercent, String multiplier) {
    }

    public HotelDetails details(String defaultSellerAccount) {
        Currency cur = Money.currency(currency, "currency");
        BigDecimal overbooking = percent(overbookingPercent == null ? "10" : overbookingPercent, "overbooking_percent");
        BigDecimal tax = percent(taxPercent == null ? "0" : taxPercent, "tax_percent");
        BigDecimal fee = serviceFee == null ? BigDecimal.ZERO
                : Money.parse(serviceFee, cur.getCurrencyCode(), "service_fee", "currency").amount();
        if (fee.signum() < 0) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must not be negative", "service_fee");
        }
        List<OccupancyMultiplier> tiers = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<TierInput> given = occupancyMultipliers == null ? List.of() : occupancyMultipliers;
        for (int i = 0; i < given.size(); i++) {
            TierInput t = given.get(i);
            String field = "occupancy_multipliers[" + i + "].";
            if (t.fromOccupancyPercent() == null || t.fromOccupancyPercent() < 0 || t.fromOccupancyPercent() > 200) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 0 to 200", field + "from_occupancy_percent");
            }
            if (!seen.add(t.fromOccupancyPercent())) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "appears twice", field + "from_occupancy_percent");
            }
            BigDecimal m = decimal(t.multiplier(), field + "multiplier");
            if (m.signum() <= 0 || m.compareTo(BigDecimal.TEN) > 0 || m.scale() > 3) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                        "must be greater than 0, at most 10, with at most 3 decimals", field + "multiplier");
            }
            tiers.add(new OccupancyMultiplier(t.fromOccupancyPercent(), m));
        }
        List<String> cleanAmenities = amenities == null ? List.of()
                : amenities.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (int i = 0; i < cleanAmenities.size(); i++) {
            if (!cleanAmenities.get(i).matches("[a-z0-9 -]{1,40}")) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                        "must be 1 to 40 letters, digits, spaces or '-'", "amenities[" + i + "]");
            }
        }
        return new HotelDetails(name.trim(), city.trim(), address.trim(), cleanAmenities, cur,
                sellerAccount == null ? defaultSellerAccount : sellerAccount, overbooking, tax, fee, tiers);
    }

    private static BigDecimal percent(String value, String field) {
        BigDecimal p = decimal(value, field);
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0 || p.stripTrailingZeros().scale() > 2) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 0 to 100 with at most 2 decimals", field);
        }
        return p;
    }

    private static BigDecimal decimal(String value, String field) {
        if (value == null || !value.matches("\\d{1,6}(\\.\\d{1,6})?")) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be a decimal number as a string, like \"10.5\"", field);
        }
        return new BigDecimal(value);
    }
}
