package org.reckon.hotel.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code PUT /v1/hotels/{hotel_id}/room-types/{room_type_id}}. */
public record RoomTypeUpdate(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
                             @NotNull @Min(1) @Max(20) Integer maxOccupancy) {
}
