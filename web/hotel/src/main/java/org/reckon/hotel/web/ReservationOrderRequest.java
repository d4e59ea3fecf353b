package org.reckon.hotel.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /v1/reservation-orders}: the stay to quote and who stays. Staff may book for a
 * customer by naming the customer's account in {@code guest}.
 */
public record ReservationOrderRequest(
        @NotBlank @Size(max = 64) String hotelId,
        @NotBlank @Size(max = 64) String roomTypeId,
        @NotBlank String startDate,
        @NotBlank String endDate,
        @NotNull Integer numberOfRooms,
        @NotBlank @Size(max = 200) String guestName,
        @NotBlank @Email @Size(max = 254) String guestEmail,
        @Pattern(regexp = "(?!\\.+$)[A-Za-z0-9._@-]{1,100}", message = "must be an account name, not only dots") String guest) {
}
