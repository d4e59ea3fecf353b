package org.reckon.hotel;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.HotelDetails;
import org.reckon.hotel.domain.Room;
import org.reckon.hotel.domain.RoomType;
import org.reckon.hotel.inventory.AvailabilityCache;
import org.reckon.hotel.inventory.InventoryStore;
import org.reckon.hotel.search.HotelIndexRequests;
import org.reckon.platform.persistence.Entities;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * The hotel, room and rate service (chapter 7): staff create, change and delete hotels, room
 * types, rooms and rates; everyone reads. Creating a room type creates its rooms, and a rate and
 * an inventory row for every night up to the horizon; a room going out of (or back into)
 * service changes its room type's inventory from today on. Every change is queued for the
 * search index in the same transaction, and the availability cache learns it after commit.
 */
@Stateless
public class HotelCatalog {

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    @Inject
    InventoryStore inventory;

    @Inject
    AvailabilityCache cache;

    @Inject
    HotelSettings settings;

    @EJB
    HotelIndexRequests index;

    private final Clock clock = Clock.systemUTC();

    public HotelView create(HotelInput input) {
        String id = UUID.randomUUID().toString();
        Hotel hotel = new Hotel(id, input.details("hotel-" + id), now());
        em.persist(hotel);
        index.hotelChanged(id);
        return HotelView.of(hotel);
    }

    public HotelView update(String hotelId, HotelInput input) {
        Hotel hotel = hotelForUpdate(hotelId);
        HotelDetails details = input.details(hotel.sellerAccount());
        if (!details.currency().equals(hotel.currency()) && hasLiveReservations(hotelId, null)) {
            throw new ReckonException(ErrorCode.CONFLICT, "the currency cannot change while reservations are live",
                    "currency");
        }
        boolean recap = details.overbookingPercent().compareTo(hotel.overbookingPercent()) != 0;
        hotel.update(details, now());
        if (recap) {
            LocalDate today = settings.today();
            for (RoomType type : roomTypesOf(hotelId)) {
                LocalDate over = inventory.firstNightOverCap(type.roomTypeId(), today, 0, details.overbookingPercent());
                if (over != null) {
                    throw new ReckonException(ErrorCode.CONFLICT, "room type " + type.name() + " has more rooms reserved on "
                            + over + " than this overbooking allows", "overbooking_percent");
                }
                inventory.changeInventory(type.roomTypeId(), today, 0, details.overbookingPercent());
                cache.refreshAfterCommit(hotelId, type.roomTypeId(), today, settings.horizon());
            }
        }
        index.hotelChanged(hotelId);
        return HotelView.of(hotel);
    }

    public void delete(String hotelId) {
        Hotel hotel = hotelForUpdate(hotelId);
        if (hasLiveReservations(hotelId, null)) {
            throw new ReckonException(ErrorCode.CONFLICT, "hotel " + hotelId + " has reservations to honour", "hotel_id");
        }
        Instant now = now();
        for (RoomType type : roomTypesOf(hotelId)) {
            type.delete(now);
            cache.evictAfterCommit(type.roomTypeId());
        }
        hotel.delete(now);
        index.hotelChanged(hotelId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public HotelView hotel(String hotelId) {
        return HotelView.of(liveHotel(hotelId));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<HotelView> hotels(String city, int page, int size) {
        String where = " FROM Hotel h WHERE h.deletedAt IS NULL" + (city == null ? "" : " AND LOWER(h.city) = LOWER(:city)");
        var query = em.createQuery("SELECT h" + where + " ORDER BY h.name, h.hotelId", Hotel.class);
        var count = em.createQuery("SELECT COUNT(h)" + where, Long.class);
        if (city != null) {
            query.setParameter("city", city);
            count.setParameter("city", city);
        }
        List<HotelView> items = query.setFirstResult(page * size).setMaxResults(size).getResultList()
                .stream().map(HotelView::of).toList();
        return new Page<>(items, page, size, count.getSingleResult());
    }

    public RoomTypeView createRoomType(String hotelId, NewRoomType input) {
        Hotel hotel = hotelForUpdate(hotelId);
        BigDecimal rate = rate(input.baseRate(), hotel, "base_rate");
        String id = UUID.randomUUID().toString();
        RoomType type = new RoomType(id, hotelId, input.name().trim(), input.description() == null ? ""
                : input.description().trim(), input.maxOccupancy(), now());
        em.persist(type);
        List<String> numbers = input.roomNumbers() == null ? List.of() : input.roomNumbers();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            addRoom(hotelId, id, numbers.get(i), seen, "room_numbers[" + i + "]");
        }
        em.flush();
        inventory.createNights(hotelId, id, settings.today(), settings.horizon(), numbers.size(),
                hotel.maxReserved(numbers.size()), rate);
        index.hotelChanged(hotelId);
        return RoomTypeView.of(type, numbers.size());
    }

    public RoomTypeView updateRoomType(String hotelId, String roomTypeId, String name, String description,
                                       int maxOccupancy) {
        hotelForUpdate(hotelId);
        RoomType type = roomType(hotelId, roomTypeId);
        type.update(name.trim(), description == null ? "" : description.trim(), maxOccupancy, now());
        index.hotelChanged(hotelId);
        return RoomTypeView.of(type, roomsInService(roomTypeId));
    }

    public void deleteRoomType(String hotelId, String roomTypeId) {
        hotelForUpdate(hotelId);
        RoomType type = roomType(hotelId, roomTypeId);
        if (hasLiveReservations(hotelId, roomTypeId)) {
            throw new ReckonException(ErrorCode.CONFLICT, "room type " + roomTypeId + " has reservations to honour",
                    "room_type_id");
        }
        type.delete(now());
        cache.evictAfterCommit(roomTypeId);
        index.hotelChanged(hotelId);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RoomTypeView> roomTypes(String hotelId) {
        liveHotel(hotelId);
        Map<String, Long> rooms = em.createQuery("SELECT r.roomTypeId, COUNT(r) FROM Room r WHERE r.hotelId = :h"
                        + " AND r.inService = TRUE GROUP BY r.roomTypeId", Object[].class)
                .setParameter("h", hotelId).getResultList().stream()
                .collect(Collectors.toMap(r -> (String) r[0], r -> (Long) r[1]));
        return roomTypesOf(hotelId).stream().map(t -> RoomTypeView.of(t, rooms.getOrDefault(t.roomTypeId(), 0L))).toList();
    }

    /** A room added to a room type counts from today on. */
    public RoomView addRoom(String hotelId, String roomTypeId, String number) {
        Hotel hotel = hotelForUpdate(hotelId);
        roomType(hotelId, roomTypeId);
        Room room = addRoom(hotelId, roomTypeId, number, new HashSet<>(), "room_number");
        em.flush();
        changeInventory(hotel, roomTypeId, +1);
        return RoomView.of(room);
    }

    /** Takes a room out of service (its room type has one room less from today on), or back. */
    public RoomView setInService(String hotelId, String roomId, boolean inService) {
        Hotel hotel = hotelForUpdate(hotelId);
        Room room = Entities.find(em, Room.class, roomId, LockModeType.PESSIMISTIC_WRITE);
        if (room == null || !room.hotelId().equals(hotelId)) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No room " + roomId + " in hotel " + hotelId, "room_id");
        }
        if (room.inService() != inService) {
            room.inService(inService);
            changeInventory(hotel, room.roomTypeId(), inService ? +1 : -1);
        }
        return RoomView.of(room);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RoomView> rooms(String hotelId) {
        liveHotel(hotelId);
        return em.createQuery("SELECT r FROM Room r WHERE r.hotelId = :h ORDER BY r.roomNumber", Room.class)
                .setParameter("h", hotelId).getResultList().stream().map(RoomView::of).toList();
    }

    /** Sets the base rate of a room type for the nights of [from, to). */
    public int setRates(String hotelId, String roomTypeId, LocalDate from, LocalDate to, String rate) {
        Hotel hotel = liveHotel(hotelId);
        roomType(hotelId, roomTypeId);
        BigDecimal value = rate(rate, hotel, "rate");
        if (!to.isAfter(from)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be after start_date", "end_date");
        }
        int changed = inventory.setRate(roomTypeId, from, to, value);
        cache.refreshAfterCommit(hotelId, roomTypeId, from, to);
        index.hotelChanged(hotelId);
        return changed;
    }

    /** A hotel that exists and is not deleted, or 404 naming hotel_id. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Hotel liveHotel(String hotelId) {
        Hotel hotel = Entities.find(em, Hotel.class, hotelId);
        if (hotel == null || hotel.isDeleted()) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No hotel " + hotelId, "hotel_id");
        }
        return hotel;
    }

    /** A live room type of that hotel, or 404 naming room_type_id (also when it belongs to another hotel). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public RoomType roomType(String hotelId, String roomTypeId) {
        RoomType type = Entities.find(em, RoomType.class, roomTypeId);
        if (type == null || type.isDeleted() || !type.hotelId().equals(hotelId)) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No room type " + roomTypeId + " in hotel " + hotelId,
                    "room_type_id");
        }
        return type;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RoomType> roomTypesOf(String hotelId) {
        return em.createQuery("SELECT t FROM RoomType t WHERE t.hotelId = :h AND t.deletedAt IS NULL ORDER BY t.name,"
                + " t.roomTypeId", RoomType.class).setParameter("h", hotelId).getResultList();
    }

    private Room addRoom(String hotelId, String roomTypeId, String number, Set<String> seen, String field) {
        if (number == null || !number.matches("[A-Za-z0-9-]{1,20}")) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 1 to 20 letters, digits or '-'", field);
        }
        Long taken = em.createQuery("SELECT COUNT(r) FROM Room r WHERE r.hotelId = :h AND r.roomNumber = :n", Long.class)
                .setParameter("h", hotelId).setParameter("n", number).getSingleResult();
        if (!seen.add(number) || taken > 0) {
            throw new ReckonException(ErrorCode.CONFLICT, "room " + number + " exists already in this hotel", field);
        }
        Room room = new Room(UUID.randomUUID().toString(), hotelId, roomTypeId, number);
        em.persist(room);
        return room;
    }

    private void changeInventory(Hotel hotel, String roomTypeId, int delta) {
        LocalDate today = settings.today();
        LocalDate over = inventory.firstNightOverCap(roomTypeId, today, delta, hotel.overbookingPercent());
        if (over != null) {
            throw new ReckonException(ErrorCode.CONFLICT, "the room type would hold more reservations than rooms on "
                    + over + "; move or cancel reservations first", "in_service");
        }
        inventory.changeInventory(roomTypeId, today, delta, hotel.overbookingPercent());
        cache.refreshAfterCommit(hotel.hotelId(), roomTypeId, today, settings.horizon());
    }

    private long roomsInService(String roomTypeId) {
        return em.createQuery("SELECT COUNT(r) FROM Room r WHERE r.roomTypeId = :t AND r.inService = TRUE", Long.class)
                .setParameter("t", roomTypeId).getSingleResult();
    }

    private boolean hasLiveReservations(String hotelId, String roomTypeId) {
        var query = em.createQuery("SELECT COUNT(r) FROM Reservation r WHERE r.hotelId = :h"
                        + (roomTypeId == null ? "" : " AND r.roomTypeId = :t")
                        + " AND r.status IN (org.reckon.hotel.domain.ReservationStatus.PENDING,"
                        + " org.reckon.hotel.domain.ReservationStatus.PAID) AND r.endDate > :today", Long.class)
                .setParameter("h", hotelId)
                .setParameter("today", settings.today());
        if (roomTypeId != null) {
            query.setParameter("t", roomTypeId);
        }
        return query.getSingleResult() > 0;
    }

    /**
     * The hotel's row, locked for this transaction (changes to one hotel queue here), read from the
     * database and not from the second-level cache, and touched so that its version moves with
     * every change to what it sells: the availability cache orders its snapshots by it.
     */
    private Hotel hotelForUpdate(String hotelId) {
        Hotel hotel = Entities.find(em, Hotel.class, hotelId, LockModeType.PESSIMISTIC_WRITE,
                Map.of("jakarta.persistence.cache.retrieveMode", jakarta.persistence.CacheRetrieveMode.BYPASS));
        if (hotel == null || hotel.isDeleted()) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No hotel " + hotelId, "hotel_id");
        }
        hotel.touch(now());
        cache.refreshHotelAfterCommit(hotelId);
        return hotel;
    }

    private static BigDecimal rate(String value, Hotel hotel, String field) {
        Money money = Money.parse(value, hotel.currency().getCurrencyCode(), field, "currency");
        if (!money.isPositive()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be greater than zero", field);
        }
        return money.amount();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
