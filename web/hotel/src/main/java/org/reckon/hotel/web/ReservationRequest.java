package org.reckon.hotel.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /v1/reservations}: books a reservation order; reservation_id is the idempotency key.
 * Paid by card (the payment context's hosted page) unless {@code wallet_account} names one of the
 * guest's wallets, which then pays at once.
 */
public record ReservationRequest(
        @NotBlank @Size(max = 64) String reservationId,
        @NotBlank @Size(max = 64) String hotelId,
        @NotBlank @Size(max = 64) String roomTypeId,
        @NotBlank String startDate,
        @NotBlank String endDate,
        @NotNull Integer numberOfRooms,
        @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9-]+") String walletAccount) {
}
