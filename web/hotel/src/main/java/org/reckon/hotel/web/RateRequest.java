package org.reckon.hotel.web;

import jakarta.validation.constraints.NotBlank;

/** {@code PUT /v1/hotels/{hotel_id}/room-types/{room_type_id}/rates}: one base rate for the nights of [start_date, end_date). */
public record RateRequest(@NotBlank String startDate, @NotBlank String endDate, @NotBlank String rate) {
}
