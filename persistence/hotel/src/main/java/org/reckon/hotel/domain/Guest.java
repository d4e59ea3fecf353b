package org.reckon.hotel.domain;

/** Who stays: the account that owns the reservation, and the name and email it is booked under. */
public record Guest(String username, String name, String email) {
}
