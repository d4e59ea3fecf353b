package org.reckon.hotel;

import org.reckon.hotel.domain.Room;

public record RoomView(String roomId, String hotelId, String roomTypeId, String roomNumber, boolean inService) {

    public static RoomView of(Room r) {
        return new RoomView(r.roomId(), r.hotelId(), r.roomTypeId(), r.roomNumber(), r.inService());
    }
}
