package org.reckon.hotel.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** From this occupancy of a room type on a night (percent of its inventory reserved), rates are multiplied. */
@Embeddable
public class OccupancyMultiplier {

    @Column(name = "from_occupancy_percent", nullable = false)
    private int fromOccupancyPercent;

    @Column(nullable = false, precision = 6, scale = 3)
    private BigDecimal multiplier;

    protected OccupancyMultiplier() {
    }

    public OccupancyMultiplier(int fromOccupancyPercent, BigDecimal multiplier) {
        this.fromOccupancyPercent = fromOccupancyPercent;
        this.multiplier = multiplier;
    }

    public int fromOccupancyPercent() {
        return fromOccupancyPercent;
    }

    public BigDecimal multiplier() {
        return multiplier;
    }
}
