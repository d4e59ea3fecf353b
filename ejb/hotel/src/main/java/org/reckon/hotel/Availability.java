package org.reckon.hotel;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reckon.hotel.domain.Pricing;
import org.reckon.hotel.domain.Stay;
import org.reckon.hotel.inventory.AvailabilityCache;
import org.reckon.hotel.inventory.HotelSnapshot;
import org.reckon.hotel.inventory.InventoryStore;
import org.reckon.hotel.inventory.Night;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Availability (chapter 7): for a hotel, a stay and a number of rooms, the room types that can
 * be booked on every night and their price per night. Answered from the availability cache;
 * {@link #fromDatabase} answers the same straight from PostgreSQL (for comparison and
 * benchmarks). A room type is bookable when every night has room under its overbooking cap.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Availability {

    @Inject
    AvailabilityCache cache;

    @Inject
    InventoryStore store;

    @Inject
    StayRules rules;

    public AvailabilityView fromCache(String hotelId, LocalDate start, LocalDate end, Integer rooms) {
        return answer(hotelId, start, end, rooms, true);
    }

    public AvailabilityView fromDatabase(String hotelId, LocalDate start, LocalDate end, Integer rooms) {
        return answer(hotelId, start, end, rooms, false);
    }

    private AvailabilityView answer(String hotelId, LocalDate start, LocalDate end, Integer rooms, boolean cached) {
        Stay stay = rules.check(hotelId, null, start, end, rooms, "rooms");
        HotelSnapshot hotel = cache.hotel(hotelId);
        if (hotel == null) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No hotel " + hotelId, "hotel_id");
        }
        Pricing pricing = hotel.pricing();
        int digits = Math.max(pricing.currency().getDefaultFractionDigits(), 0);
        List<AvailabilityView.RoomTypeAvailability> bookable = new ArrayList<>();
        for (HotelSnapshot.RoomTypeRef type : hotel.roomTypes()) {
            Map<LocalDate, Night> nights = cached
                    ? cache.nights(hotelId, type.roomTypeId(), start, end)
                    : store.load(hotelId, type.roomTypeId(), start, end);
            if (nights.size() != stay.nights().size()) {
                continue; // some night has no inventory yet (beyond what the daily job created)
            }
            int left = Integer.MAX_VALUE;
            List<AvailabilityView.NightPrice> prices = new ArrayList<>();
            BigDecimal perRoom = BigDecimal.ZERO;
            for (Map.Entry<LocalDate, Night> e : nights.entrySet()) {
                Night n = e.getValue();
                left = Math.min(left, n.roomsLeft());
                BigDecimal price = pricing.nightly(n.rate(), n.totalInventory(), n.totalReserved());
                perRoom = perRoom.add(price);
                prices.add(new AvailabilityView.NightPrice(e.getKey(), price.toPlainString()));
            }
            if (left >= stay.rooms()) {
                bookable.add(new AvailabilityView.RoomTypeAvailability(type.roomTypeId(), type.name(), left, prices,
                        perRoom.multiply(BigDecimal.valueOf(stay.rooms())).setScale(digits).toPlainString()));
            }
        }
        return new AvailabilityView(hotelId, start, end, stay.rooms(), pricing.currency().getCurrencyCode(), bookable);
    }
}
