package org.reckon.hotel.batch;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.reckon.hotel.HotelSettings;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.RoomType;
import org.reckon.hotel.inventory.AvailabilityCache;
import org.reckon.hotel.inventory.InventoryStore;
import org.reckon.platform.persistence.Entities;

/**
 * Keeps every live room type's inventory reaching the horizon (two years ahead by default): the
 * nights after its last one get the rooms it has in service, the hotel's overbooking cap, and
 * the rate of its last night (staff reprice later nights as they do any other). The steps of
 * the extend-inventory job; each runs in the chunk's transaction.
 */
@Stateless
public class InventoryExtension {

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    @Inject
    InventoryStore inventory;

    @Inject
    AvailabilityCache cache;

    @Inject
    HotelSettings settings;

    /** What to create for one room type. */
    public record Plan(String hotelId, String roomTypeId, LocalDate from, LocalDate to, BigDecimal rate) {
    }

    /** Live room types of live hotels, after {@code afterId} (exclusive, null for all), in id order. */
    public List<String> roomTypes(String afterId) {
        return em.createQuery("SELECT t.roomTypeId FROM RoomType t, Hotel h WHERE h.hotelId = t.hotelId"
                        + " AND t.deletedAt IS NULL AND h.deletedAt IS NULL AND t.roomTypeId > :after"
                        + " ORDER BY t.roomTypeId", String.class)
                .setParameter("after", afterId == null ? "" : afterId).getResultList();
    }

    /**
     * The nights a room type lacks up to the horizon, or empty when it has them all (or has no
     * night at all, so no rate to carry on: a room type is created with its nights).
     */
    public Optional<Plan> plan(String roomTypeId) {
        RoomType type = Entities.find(em, RoomType.class, roomTypeId);
        LocalDate last = inventory.lastNight(roomTypeId);
        if (type == null || type.isDeleted() || last == null) {
            return Optional.empty();
        }
        LocalDate today = settings.today();
        LocalDate from = last.isBefore(today) ? today : last.plusDays(1);
        LocalDate to = settings.horizon();
        if (!from.isBefore(to)) {
            return Optional.empty();
        }
        List<?> rate = em.createNativeQuery("SELECT rate FROM room_type_rate WHERE room_type_id = ?1 AND stay_date = ?2")
                .setParameter(1, roomTypeId).setParameter(2, last).getResultList();
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Plan(type.hotelId(), roomTypeId, from, to, (BigDecimal) rate.get(0)));
    }

    /**
     * Creates the planned nights, under the hotel's lock so a concurrent change of its rooms or
     * overbooking (which locks it too) cannot leave the new nights with a stale count or cap.
     * Returns the nights created; nights that appeared meanwhile are left alone.
     */
    public int apply(Plan plan) {
        em.createNativeQuery("SELECT hotel_id FROM hotel WHERE hotel_id = ?1 FOR UPDATE")
                .setParameter(1, plan.hotelId()).getResultList();
        Hotel hotel = Entities.find(em, Hotel.class, plan.hotelId());
        if (hotel == null || hotel.isDeleted()) {
            return 0;
        }
        int rooms = em.createQuery("SELECT COUNT(r) FROM Room r WHERE r.roomTypeId = :t AND r.inService = TRUE",
                Long.class).setParameter("t", plan.roomTypeId()).getSingleResult().intValue();
        int created = inventory.createNights(plan.hotelId(), plan.roomTypeId(), plan.from(), plan.to(), rooms,
                hotel.maxReserved(rooms), plan.rate());
        cache.refreshAfterCommit(plan.hotelId(), plan.roomTypeId(), plan.from(), plan.to());
        return created;
    }
}
