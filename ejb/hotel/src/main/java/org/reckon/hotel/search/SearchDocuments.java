package org.reckon.hotel.search;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.Reservation;
import org.reckon.platform.persistence.Entities;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * The search documents of hotels and reservations, built from the database as it is now, in a
 * short transaction of their own so no lock is held while Elasticsearch is written.
 *
 * The row is locked before it is read (briefly: this transaction only reads). The change that
 * asked for re-indexing committed through two-phase commit, and its message may be delivered
 * before the database's branch finishes committing: a prepared PostgreSQL transaction still
 * holds its row locks, so the lock waits for it and the read sees the new state, not the old.
 * A row that is not visible at all is a creation still committing (hotels are deleted softly,
 * reservations never), so that is {@link NotYetVisible} and the message is redelivered later.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SearchDocuments {

    /** Hotels' documents, or empty when the hotel is deleted. */
    public Optional<Map<String, Object>> hotel(String hotelId) {
        Hotel hotel = visible(Hotel.class, "hotel", "hotel_id", hotelId);
        if (hotel.isDeleted()) {
            return Optional.empty();
        }
        List<String> roomTypes = em.createQuery("SELECT t.name FROM RoomType t WHERE t.hotelId = :h"
                + " AND t.deletedAt IS NULL ORDER BY t.name", String.class).setParameter("h", hotelId).getResultList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("hotel_id", hotel.hotelId());
        doc.put("name", hotel.name());
        doc.put("city", hotel.city());
        doc.put("address", hotel.address());
        doc.put("amenities", hotel.amenities());
        doc.put("currency", hotel.currency().getCurrencyCode());
        doc.put("room_types", roomTypes);
        return Optional.of(doc);
    }

    public Map<String, Object> reservation(String reservationId) {
        Reservation r = visible(Reservation.class, "reservation", "reservation_id", reservationId);
        Hotel hotel = Entities.find(em, Hotel.class, r.hotelId());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("reservation_id", r.reservationId());
        doc.put("guest", r.guest().username());
        doc.put("guest_name", r.guest().name());
        doc.put("guest_email", r.guest().email());
        doc.put("hotel_id", r.hotelId());
        doc.put("hotel_name", hotel == null ? "" : hotel.name());
        doc.put("status", r.status().name());
        doc.put("start_date", r.stay().startDate().toString());
        doc.put("end_date", r.stay().endDate().toString());
        return doc;
    }

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    /** Locks the row first (waiting for a writer still committing), then reads it as it is now. */
    private <T> T visible(Class<T> type, String table, String idColumn, String id) {
        List<?> locked;
        try {
            locked = em.createNativeQuery("SELECT " + idColumn + " FROM " + table + " WHERE " + idColumn
                    + " = ?1 FOR UPDATE").setParameter(1, id).getResultList();
        } catch (PessimisticLockException | LockTimeoutException e) {
            throw new RowBusy(type.getSimpleName() + " " + id + " stayed locked past the lock timeout ("
                    + e.getClass().getSimpleName() + ")");
        }
        T row = locked.isEmpty() ? null : Entities.find(em, type, id);
        if (row == null) {
            throw new NotYetVisible(type.getSimpleName() + " " + id + " is not visible yet");
        }
        return row;
    }

    /**
     * The row stayed locked past the lock timeout: a long writer still holds it (in dev, the demo
     * seeding's transaction on H2; in production, a two-phase commit waiting for recovery). Like {@link NotYetVisible}, a reason to
     * retry later, not a defect: an application exception, so the container does not log it as one.
     */
    public static class RowBusy extends ReckonException {
        public RowBusy(String detail) {
            super(ErrorCode.DATABASE_BUSY, detail);
        }
    }

    /** The row a message names is not committed yet (or not at all): retry later. */
    public static class NotYetVisible extends ReckonException {
        public NotYetVisible(String detail) {
            super(ErrorCode.NOT_FOUND, detail);
        }
    }
}
