package org.reckon.hotel.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

/**
 * How a hotel prices a stay (chapter 7: the price depends on how full the hotel is expected to
 * be). A night's price per room is the room type's rate times the multiplier of the highest
 * occupancy tier reached that night, rounded to the currency; the stay's subtotal is the nights
 * times the rooms; tax is a percentage of the subtotal; the service fee is charged once per stay.
 */
public record Pricing(Currency currency, BigDecimal taxPercent, BigDecimal serviceFee,
                      List<OccupancyMultiplier> multipliers) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Pricing {
        multipliers = multipliers.stream()
                .sorted(Comparator.comparingInt(OccupancyMultiplier::fromOccupancyPercent))
                .toList();
    }

    /** The most rooms that may be reserved on a night: inventory plus the overbooking allowance, floored. */
    public static int maxReserved(int totalInventory, BigDecimal overbookingPercent) {
        return BigDecimal.valueOf(totalInventory)
                .multiply(HUNDRED.add(overbookingPercent))
                .divide(HUNDRED, 0, RoundingMode.FLOOR)
                .intValueExact();
    }

    /** Percent of the inventory reserved, floored; a night with no inventory counts as full. */
    public static int occupancyPercent(int totalInventory, int totalReserved) {
        return totalInventory <= 0 ? 100 : (int) ((long) totalReserved * 100 / totalInventory);
    }

    public BigDecimal multiplierAt(int occupancyPercent) {
        BigDecimal applied = BigDecimal.ONE;
        for (OccupancyMultiplier tier : multipliers) {
            if (occupancyPercent >= tier.fromOccupancyPercent()) {
                applied = tier.multiplier();
            }
        }
        return applied;
    }

    /** One room's price for a night. */
    public BigDecimal nightly(BigDecimal rate, int totalInventory, int totalReserved) {
        return round(rate.multiply(multiplierAt(occupancyPercent(totalInventory, totalReserved))));
    }

    public Quote quote(List<Night> nights, int rooms) {
        BigDecimal perRoom = nights.stream().map(Night::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal subtotal = round(perRoom.multiply(BigDecimal.valueOf(rooms)));
        BigDecimal taxes = round(subtotal.multiply(taxPercent).divide(HUNDRED));
        BigDecimal fees = round(serviceFee);
        return new Quote(new ArrayList<>(nights), subtotal, taxes, fees, subtotal.add(taxes).add(fees));
    }

    private BigDecimal round(BigDecimal amount) {
        return amount.setScale(Math.max(currency.getDefaultFractionDigits(), 0), RoundingMode.HALF_UP);
    }

    /** One night of a stay at its price per room. */
    public record Night(LocalDate date, BigDecimal price) {
    }

    /** A stay's price breakdown (Figure 7.9). */
    public record Quote(List<Night> nights, BigDecimal subtotal, BigDecimal taxes, BigDecimal fees, BigDecimal total) {
    }
}
