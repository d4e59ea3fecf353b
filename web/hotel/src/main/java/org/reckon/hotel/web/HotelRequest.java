package org.reckon.hotel.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.reckon.hotel.HotelInput;

/** {@code POST /v1/hotels} and {@code PUT /v1/hotels/{hotel_id}} (Table 7.1): numbers are decimal strings. */
public record HotelRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String city,
        @NotBlank @Size(max = 300) String address,
        @Size(max = 30) List<@NotNull @Size(max = 40) String> amenities,
        @NotBlank String currency,
        @Pattern(regexp = "(?!\\.+$)[A-Za-z0-9._-]{1,100}", message = "must be 1 to 100 letters, digits, '.', '_' or '-', not only dots")
        String sellerAccount,
        String overbookingPercent,
        String taxPercent,
        String serviceFee,
        @Size(max = 20) List<@NotNull @Valid Tier> occupancyMultipliers) {

    public record Tier(@NotNull Integer fromOccupancyPercent, @NotBlank String multiplier) {
    }

    HotelInput input() {
        return new HotelInput(name, city, address, amenities, currency, sellerAccount, overbookingPercent, taxPercent,
                serviceFee, occupancyMultipliers == null ? null : occupancyMultipliers.stream()
                        .map(t -> new HotelInput.TierInput(t.fromOccupancyPercent(), t.multiplier())).toList());
    }
}
