package org.reckon.hotel.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** {@code POST /v1/hotels/{hotel_id}/rooms}. */
public record RoomRequest(@NotBlank String roomTypeId, @NotBlank String roomNumber) {

    /** {@code PATCH /v1/hotels/{hotel_id}/rooms/{room_id}}: out of service, or back. */
    public record Service(@NotNull Boolean inService) {
    }
}
