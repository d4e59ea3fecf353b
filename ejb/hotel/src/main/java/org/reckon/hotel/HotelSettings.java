package org.reckon.hotel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The hotel context's knobs; each is a runtime property with a production default. */
@ApplicationScoped
public class HotelSettings {

    @Inject
    @ConfigProperty(name = "reckon.hotel.inventory-days", defaultValue = "730")
    int inventoryDays;

    @Inject
    @ConfigProperty(name = "reckon.hotel.order-validity", defaultValue = "PT30M")
    Duration orderValidity;

    @Inject
    @ConfigProperty(name = "reckon.hotel.payment-deadline", defaultValue = "PT30M")
    Duration paymentDeadline;

    @Inject
    @ConfigProperty(name = "reckon.hotel.max-nights", defaultValue = "30")
    int maxNights;

    @Inject
    @ConfigProperty(name = "reckon.hotel.max-rooms", defaultValue = "20")
    int maxRooms;

    private final Clock clock = Clock.systemUTC();

    /** Inventory exists for the nights from today until this day, exclusive (two years by default). */
    public LocalDate horizon() {
        return today().plusDays(inventoryDays);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    public int inventoryDays() {
        return inventoryDays;
    }

    public Duration orderValidity() {
        return orderValidity;
    }

    public Duration paymentDeadline() {
        return paymentDeadline;
    }

    public int maxNights() {
        return maxNights;
    }

    public int maxRooms() {
        return maxRooms;
    }
}
