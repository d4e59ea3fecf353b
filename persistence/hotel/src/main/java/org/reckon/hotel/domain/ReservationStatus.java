package org.reckon.hotel.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a reservation (Figure 7.3), as data. PENDING holds its rooms while the payment
 * runs; PAID keeps them; REJECTED (payment failed or not completed in time), CANCELED (by the
 * guest or staff before paying) and REFUNDED (canceled after paying) give them back. Since every
 * ending leaves a holding state exactly once, inventory is returned exactly once.
 */
public enum ReservationStatus {
    PENDING,
    PAID,
    REJECTED,
    CANCELED,
    REFUNDED;

    private static final Map<ReservationStatus, Set<ReservationStatus>> ALLOWED = new EnumMap<>(ReservationStatus.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(PAID, REJECTED, CANCELED));
        ALLOWED.put(PAID, EnumSet.of(REFUNDED));
        ALLOWED.put(REJECTED, EnumSet.noneOf(ReservationStatus.class));
        ALLOWED.put(CANCELED, EnumSet.noneOf(ReservationStatus.class));
        ALLOWED.put(REFUNDED, EnumSet.noneOf(ReservationStatus.class));
    }

    public boolean canMoveTo(ReservationStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public Set<ReservationStatus> next() {
        return Set.copyOf(ALLOWED.get(this));
    }

    /** The reservation holds rooms in room_type_inventory. */
    public boolean holdsInventory() {
        return this == PENDING || this == PAID;
    }
}
