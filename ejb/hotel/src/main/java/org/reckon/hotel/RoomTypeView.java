package org.reckon.hotel;

import org.reckon.hotel.domain.RoomType;

/** A room type as the API shows it, with the number of its rooms in service. */
public record RoomTypeView(String roomTypeId, String hotelId, String name, String description, int maxOccupancy,
                           long totalRooms) {

    public static RoomTypeView of(RoomType t, long rooms) {
        return new RoomTypeView(t.roomTypeId(), t.hotelId(), t.name(), t.description(), t.maxOccupancy(), rooms);
    }
}
