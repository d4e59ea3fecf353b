package org.reckon.hotel.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.reckon.hotel.domain.ReservationOrder;
import org.reckon.hotel.domain.Stay;

/**
 * room_type_inventory and room_type_rate in SQL: rows are many (a room type has one per night for
 * two years) and the hot statements are conditional updates, which an entity per row would only
 * slow down. Every statement that changes a row increments its version, so snapshots of it
 * (the availability cache) can tell newer from older. Runs in the caller's transaction.
 */
@ApplicationScoped
public class InventoryStore {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    /**
     * Creates the nights of [from, to) that do not exist yet, with their rate. Returns how many
     * were created. Existing nights are left alone, so running it again is harmless.
     */
    public int createNights(String hotelId, String roomTypeId, LocalDate from, LocalDate to, int totalInventory,
                            int maxReserved, BigDecimal rate) {
        int[] created = {0};
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement inventory = connection.prepareStatement(
                    "INSERT INTO room_type_inventory (hotel_id, room_type_id, stay_date, total_inventory, total_reserved,"
                            + " max_reserved, version) SELECT ?, ?, ?, ?, 0, ?, 0 WHERE NOT EXISTS (SELECT 1 FROM"
                            + " room_type_inventory WHERE hotel_id = ? AND room_type_id = ? AND stay_date = ?)");
                 PreparedStatement rates = connection.prepareStatement(
                         "INSERT INTO room_type_rate (hotel_id, room_type_id, stay_date, rate) SELECT ?, ?, ?, ? WHERE"
                                 + " NOT EXISTS (SELECT 1 FROM room_type_rate WHERE room_type_id = ? AND stay_date = ?)")) {
                for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                    Date date = Date.valueOf(d);
                    inventory.setString(1, hotelId);
                    inventory.setString(2, roomTypeId);
                    inventory.setDate(3, date);
                    inventory.setInt(4, totalInventory);
                    inventory.setInt(5, maxReserved);
                    inventory.setString(6, hotelId);
                    inventory.setString(7, roomTypeId);
                    inventory.setDate(8, date);
                    inventory.addBatch();
                    rates.setString(1, hotelId);
                    rates.setString(2, roomTypeId);
                    rates.setDate(3, date);
                    rates.setBigDecimal(4, rate);
                    rates.setString(5, roomTypeId);
                    rates.setDate(6, date);
                    rates.addBatch();
                }
                for (int count : inventory.executeBatch()) {
                    created[0] += Math.max(count, 0);
                }
                rates.executeBatch();
            }
        });
        return created[0];
    }

    /** The last night a room type has inventory for, if any. */
    public LocalDate lastNight(String roomTypeId) {
        Object last = em.createNativeQuery("SELECT MAX(stay_date) FROM room_type_inventory WHERE room_type_id = ?1")
                .setParameter(1, roomTypeId).getSingleResult();
        return last == null ? null : toLocalDate(last);
    }

    /** The nights of [from, to) with their rates, as committed (or as this transaction changed them). */
    public Map<LocalDate, Night> load(String hotelId, String roomTypeId, LocalDate from, LocalDate to) {
        List<?> rows = em.createNativeQuery("SELECT i.stay_date, i.total_inventory, i.total_reserved, i.max_reserved,"
                        + " r.rate, i.version FROM room_type_inventory i JOIN room_type_rate r ON r.room_type_id ="
                        + " i.room_type_id AND r.stay_date = i.stay_date WHERE i.hotel_id = ?1 AND i.room_type_id = ?2"
                        + " AND i.stay_date >= ?3 AND i.stay_date < ?4 ORDER BY i.stay_date")
                .setParameter(1, hotelId).setParameter(2, roomTypeId).setParameter(3, from).setParameter(4, to)
                .getResultList();
        Map<LocalDate, Night> nights = new TreeMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            nights.put(toLocalDate(r[0]), night(r, 1));
        }
        return nights;
    }

    /**
     * A reservation order as committed, read with no lock: who ordered which stay, until when the
     * quote holds, whether a reservation was made of it, and the stay's nights with their rates.
     * ONE statement, so all of it is one snapshot: a booking of this order that commits meanwhile
     * shows in both the reservation and the nights, or in neither.
     */
    public record OrderedStay(String guest, Stay stay, Instant expiresAt, boolean booked, Map<LocalDate, Night> nights) {

        public boolean expired(Instant now) {
            return ReservationOrder.expired(expiresAt, now);
        }
    }

    /** {@link OrderedStay} of a reservation_id, or null if there is no such order. */
    public OrderedStay ordered(String reservationId) {
        List<?> rows = em.createNativeQuery("SELECT o.guest, o.hotel_id, o.room_type_id, o.start_date, o.end_date,"
                        + " o.number_of_rooms, o.expires_at, EXISTS (SELECT 1 FROM reservation b WHERE b.reservation_id ="
                        + " o.reservation_id), i.stay_date, i.total_inventory, i.total_reserved, i.max_reserved, r.rate, i.version"
                        + " FROM reservation_order o LEFT JOIN room_type_inventory i ON i.hotel_id = o.hotel_id"
                        + " AND i.room_type_id = o.room_type_id AND i.stay_date >= o.start_date AND i.stay_date < o.end_date"
                        + " LEFT JOIN room_type_rate r ON r.room_type_id = i.room_type_id AND r.stay_date = i.stay_date"
                        + " WHERE o.reservation_id = ?1 ORDER BY i.stay_date")
                .setParameter(1, reservationId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] first = (Object[]) rows.get(0);
        Map<LocalDate, Night> nights = new TreeMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            if (r[8] != null && r[12] != null) { // as load(): a night without its rate is no night
                nights.put(toLocalDate(r[8]), night(r, 9));
            }
        }
        return new OrderedStay((String) first[0], new Stay((String) first[1], (String) first[2], toLocalDate(first[3]),
                toLocalDate(first[4]), ((Number) first[5]).intValue()), toInstant(first[6]), (Boolean) first[7], nights);
    }

    /** The columns total_inventory, total_reserved, max_reserved, rate and version, from {@code r[from]} on. */
    private static Night night(Object[] r, int from) {
        return new Night(((Number) r[from]).intValue(), ((Number) r[from + 1]).intValue(), ((Number) r[from + 2]).intValue(),
                (BigDecimal) r[from + 3], ((Number) r[from + 4]).longValue());
    }

    /**
     * Locks the stay's nights in date order (so two bookings of overlapping stays cannot deadlock)
     * and returns them as they are now. The caller decides; {@link #reserve} then applies.
     * {@code seen}: the same nights as this transaction read them a moment before ({@link #load}).
     * Every change of a night or its rate increments its version, so when the locked rows still have
     * the versions seen, the nights are the ones seen and the lock is the only statement; otherwise
     * they are read again under the lock.
     */
    public Map<LocalDate, Night> lock(Stay stay, Map<LocalDate, Night> seen) {
        List<?> rows = em.createNativeQuery("SELECT stay_date, version FROM room_type_inventory WHERE hotel_id = ?1 AND room_type_id = ?2"
                        + " AND stay_date >= ?3 AND stay_date < ?4 ORDER BY stay_date FOR UPDATE")
                .setParameter(1, stay.hotelId()).setParameter(2, stay.roomTypeId())
                .setParameter(3, stay.startDate()).setParameter(4, stay.endDate())
                .getResultList();
        boolean unchanged = rows.size() == seen.size();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            Night before = seen.get(toLocalDate(r[0]));
            unchanged &= before != null && before.version() == ((Number) r[1]).longValue();
        }
        return unchanged ? seen : load(stay.hotelId(), stay.roomTypeId(), stay.startDate(), stay.endDate());
    }

    /**
     * Reserves the stay's rooms on each of its nights, only where they fit under the cap. Returns
     * the number of nights updated: fewer than the stay's nights means it did not fit.
     */
    public int reserve(Stay stay) {
        return dml("UPDATE room_type_inventory SET total_reserved = total_reserved + ?1,"
                        + " version = version + 1 WHERE hotel_id = ?2 AND room_type_id = ?3 AND stay_date >= ?4"
                        + " AND stay_date < ?5 AND total_reserved + ?1 <= max_reserved")
                .setParameter(1, stay.rooms()).setParameter(2, stay.hotelId()).setParameter(3, stay.roomTypeId())
                .setParameter(4, stay.startDate()).setParameter(5, stay.endDate())
                .executeUpdate();
    }

    /**
     * The nights as {@link #reserve} leaves them, from the same nights as {@link #lock} returned them
     * (the rows stay locked until the commit, so nothing else changes them): the rooms added to
     * total_reserved and the version incremented, as its UPDATE does.
     */
    public static Map<LocalDate, Night> reserved(Map<LocalDate, Night> locked, int rooms) {
        Map<LocalDate, Night> after = new TreeMap<>();
        locked.forEach((date, n) -> after.put(date, new Night(n.totalInventory(), n.totalReserved() + rooms, n.maxReserved(), n.rate(),
                n.version() + 1)));
        return after;
    }

    /** Gives the stay's rooms back on each of its nights; returns the number of nights updated. */
    public int release(Stay stay) {
        return dml("UPDATE room_type_inventory SET total_reserved = total_reserved - ?1,"
                        + " version = version + 1 WHERE hotel_id = ?2 AND room_type_id = ?3 AND stay_date >= ?4"
                        + " AND stay_date < ?5 AND total_reserved >= ?1")
                .setParameter(1, stay.rooms()).setParameter(2, stay.hotelId()).setParameter(3, stay.roomTypeId())
                .setParameter(4, stay.startDate()).setParameter(5, stay.endDate())
                .executeUpdate();
    }

    /**
     * The first night from {@code from} on where a room type would hold more reservations than
     * allowed if its inventory changed by {@code delta} rooms under the given overbooking, or null.
     */
    public LocalDate firstNightOverCap(String roomTypeId, LocalDate from, int delta, BigDecimal overbookingPercent) {
        List<?> rows = em.createNativeQuery("SELECT MIN(stay_date) FROM room_type_inventory WHERE room_type_id = ?1"
                        + " AND stay_date >= ?2 AND total_reserved > FLOOR((total_inventory + ?3) * ?4)")
                .setParameter(1, roomTypeId).setParameter(2, from).setParameter(3, delta)
                .setParameter(4, factor(overbookingPercent)).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? null : toLocalDate(rows.get(0));
    }

    /** Changes a room type's inventory from {@code from} on by {@code delta} rooms and recomputes its cap. */
    public int changeInventory(String roomTypeId, LocalDate from, int delta, BigDecimal overbookingPercent) {
        return dml("UPDATE room_type_inventory SET total_inventory = total_inventory + ?1,"
                        + " max_reserved = CAST(FLOOR((total_inventory + ?1) * ?2) AS INTEGER), version = version + 1"
                        + " WHERE room_type_id = ?3 AND stay_date >= ?4")
                .setParameter(1, delta).setParameter(2, factor(overbookingPercent)).setParameter(3, roomTypeId)
                .setParameter(4, from).executeUpdate();
    }

    /** Sets a room type's base rate for the nights of [from, to). */
    public int setRate(String roomTypeId, LocalDate from, LocalDate to, BigDecimal rate) {
        int changed = dml("UPDATE room_type_rate SET rate = ?1 WHERE room_type_id = ?2"
                        + " AND stay_date >= ?3 AND stay_date < ?4")
                .setParameter(1, rate).setParameter(2, roomTypeId).setParameter(3, from).setParameter(4, to)
                .executeUpdate();
        dml("UPDATE room_type_inventory SET version = version + 1 WHERE room_type_id = ?1"
                        + " AND stay_date >= ?2 AND stay_date < ?3")
                .setParameter(1, roomTypeId).setParameter(2, from).setParameter(3, to).executeUpdate();
        return changed;
    }

    /**
     * A native UPDATE of these two tables. It names the tables it touches: Hibernate otherwise
     * assumes a native statement may change any entity's table and empties the whole second-level
     * cache (the cached hotels and room types) after each one, that is after every booking.
     */
    private jakarta.persistence.Query dml(String sql) {
        return em.createNativeQuery(sql).unwrap(NativeQuery.class)
                .addSynchronizedQuerySpace("room_type_inventory").addSynchronizedQuerySpace("room_type_rate");
    }

    private static BigDecimal factor(BigDecimal overbookingPercent) {
        return HUNDRED.add(overbookingPercent).divide(HUNDRED, 6, RoundingMode.UNNECESSARY);
    }

    private static LocalDate toLocalDate(Object value) {
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }

    /** A TIMESTAMP WITH TIME ZONE as the driver answers it: pgjdbc a Timestamp, H2 an OffsetDateTime. */
    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        return value instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }
}
