package org.reckon.hotel.inventory;

import java.math.BigDecimal;

/**
 * A room type's state on one night as committed: inventory, reserved, the overbooking cap, the
 * base rate, and the row's version (every change of the row or its rate increments it, so of two
 * snapshots the higher version is the newer).
 */
public record Night(int totalInventory, int totalReserved, int maxReserved, BigDecimal rate, long version) {

    public int roomsLeft() {
        return Math.max(0, maxReserved - totalReserved);
    }
}
