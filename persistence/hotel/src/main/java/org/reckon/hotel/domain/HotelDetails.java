package org.reckon.hotel.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/** What staff say about a hotel when creating or updating it, already validated. */
public record HotelDetails(String name, String city, String address, List<String> amenities, Currency currency,
                           String sellerAccount, BigDecimal overbookingPercent, BigDecimal taxPercent,
                           BigDecimal serviceFee, List<OccupancyMultiplier> occupancyMultipliers) {
}
