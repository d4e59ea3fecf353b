package org.reckon.hotel.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/hotels/{hotel_id}/room-types}: its rooms and the base rate every night starts at. */
public record RoomTypeRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Min(1) @Max(20) Integer maxOccupancy,
        @Size(max = 2000) List<@NotNull String> roomNumbers,
        @NotBlank String baseRate) {
}
