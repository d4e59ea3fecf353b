package org.reckon.hotel;

import java.util.List;
import org.reckon.hotel.domain.Hotel;

/** A hotel as the API shows it; percentages and amounts are decimal strings. */
public record HotelView(String hotelId, String name, String city, String address, List<String> amenities,
                        String currency, String sellerAccount, String overbookingPercent, String taxPercent,
                        String serviceFee, List<Tier> occupancyMultipliers) {

    public record Tier(int fromOccupancyPercent, String multiplier) {
    }

    public static HotelView of(Hotel h) {
        return new HotelView(h.hotelId(), h.name(), h.city(), h.address(), h.amenities(), h.currency().getCurrencyCode(),
                h.sellerAccount(), h.overbookingPercent().stripTrailingZeros().toPlainString(),
                h.taxPercent().stripTrailingZeros().toPlainString(),
                h.serviceFee().setScale(h.currency().getDefaultFractionDigits()).toPlainString(),
                h.occupancyMultipliers().stream()
                        .map(t -> new Tier(t.fromOccupancyPercent(), t.multiplier().stripTrailingZeros().toPlainString()))
                        .toList());
    }
}
