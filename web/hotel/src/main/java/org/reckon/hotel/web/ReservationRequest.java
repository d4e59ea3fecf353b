package org.reckon.hotel.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/reservations}: books a reservation order; reservation_id is the idempotency key. */
public record ReservationRequest(
        @NotBlank @Size(max = 64) String reservationId,
        @NotBlank @Size(max = 64) String hotelId,
        @NotBlank @Size(max = 64) String roomTypeId,
        @NotBlank String startDate,
        @NotBlank String endDate,
        @NotNull Integer numberOfRooms) {
}
