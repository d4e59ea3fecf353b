package org.reckon.hotel.inventory;

import java.util.List;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.Pricing;
import org.reckon.hotel.domain.RoomType;

/**
 * What availability needs of a hotel, as of one version of its row (every catalog change under
 * the hotel increments it): its pricing and its live room types.
 */
public record HotelSnapshot(String hotelId, String name, long version, boolean deleted, Pricing pricing,
                            List<RoomTypeRef> roomTypes) {

    public record RoomTypeRef(String roomTypeId, String name) {
    }

    public static HotelSnapshot of(Hotel hotel, long version, List<RoomType> roomTypes) {
        return new HotelSnapshot(hotel.hotelId(), hotel.name(), version, hotel.isDeleted(), hotel.pricing(),
                roomTypes.stream().map(t -> new RoomTypeRef(t.roomTypeId(), t.name())).toList());
    }
}
