package org.reckon.hotel.inventory;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.infinispan.Cache;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.RoomType;
import org.reckon.hotel.domain.Stay;
import org.reckon.platform.persistence.Entities;

/**
 * The nights of every room type as last committed, in a local cache of WildFly's Infinispan
 * (cache-container {@code reckon}, cache {@code availability}): availability is answered from
 * here, and only misses go to PostgreSQL. The database stays the source of truth; every booking
 * re-checks it under lock.
 *
 * <p>Freshness: a transaction that changes nights registers them here; after it COMMITS their
 * new state is written to the cache. A snapshot replaces a cached one only if its row version is
 * higher, so a slow reader that loaded an older row, or two commits finishing out of order, can
 * never bring an older state back. Entries also expire (lifespan in the cache's configuration) as
 * a backstop against changes made outside the application.
 *
 * <p>On the two-node cluster both caches are invalidation caches ({@code cluster.cli}): a node that
 * writes a night or a hotel after a commit removes that key from the other node's cache, which then
 * reads it from the database. Only keys travel, so they are Strings ({@link NightKey#cacheKey()}),
 * which any node can read without the deployment's classes.
 */
@ApplicationScoped
public class AvailabilityCache {

    private static final Logger LOG = Logger.getLogger(AvailabilityCache.class.getName());

    @Resource(lookup = "java:jboss/infinispan/cache/reckon/availability")
    Cache<String, Night> cache;

    @Resource(lookup = "java:jboss/infinispan/cache/reckon/hotels")
    Cache<String, HotelSnapshot> hotels;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    @Inject
    InventoryStore store;

    @PostConstruct
    void start() {
        // The injected caches are WildFly's lazy ones, which look the cache up in its container again on
        // every call (a new decorator, a privileged action, a caller-class check), once per night read here.
        // The deployment depends on both caches, so each is resolved once (AccessKeys does the same).
        cache = cache.getAdvancedCache();
        hotels = hotels.getAdvancedCache();
        // Entries of an earlier deployment hold classes of its class loader; start from the database.
        cache.clear();
        hotels.clear();
        LOG.info("availability cache cleared; it fills from the database as it is read");
    }

    /** The nights of [from, to) of a room type: cached ones, and the misses loaded from the database. */
    public Map<LocalDate, Night> nights(String hotelId, String roomTypeId, LocalDate from, LocalDate to) {
        Map<LocalDate, Night> nights = new TreeMap<>();
        LocalDate firstMiss = null;
        LocalDate lastMiss = null;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Night night = cache.get(new NightKey(hotelId, roomTypeId, d).cacheKey());
            if (night == null) {
                firstMiss = firstMiss == null ? d : firstMiss;
                lastMiss = d;
            } else {
                nights.put(d, night);
            }
        }
        if (firstMiss != null) {
            Map<LocalDate, Night> loaded = store.load(hotelId, roomTypeId, firstMiss, lastMiss.plusDays(1));
            loaded.forEach((date, night) -> {
                offer(new NightKey(hotelId, roomTypeId, date), night);
                nights.putIfAbsent(date, night);
            });
        }
        return nights;
    }

    /** A hotel's pricing and live room types, from the cache or else the database; null if there is no such hotel. */
    public HotelSnapshot hotel(String hotelId) {
        HotelSnapshot cached = hotels.get(hotelId);
        if (cached != null) {
            return cached.deleted() ? null : cached;
        }
        HotelSnapshot loaded = loadHotel(hotelId);
        if (loaded == null) {
            return null;
        }
        keepNewer(hotels, hotelId, loaded, HotelSnapshot::version);
        return loaded.deleted() ? null : loaded;
    }

    /** The hotel as this transaction leaves it goes to the cache once it commits. */
    public void refreshHotelAfterCommit(String hotelId) {
        pending().putIfAbsent("hotel/" + hotelId, new ArrayList<>());
    }

    private HotelSnapshot loadHotel(String hotelId) {
        Hotel hotel = Entities.find(em, Hotel.class, hotelId);
        if (hotel == null) {
            return null;
        }
        List<RoomType> types = em.createQuery("SELECT t FROM RoomType t WHERE t.hotelId = :h AND t.deletedAt IS NULL"
                + " ORDER BY t.name, t.roomTypeId", RoomType.class).setParameter("h", hotelId).getResultList();
        return HotelSnapshot.of(hotel, hotel.version(), types);
    }

    /**
     * Nights whose state this transaction knows exactly, because it holds their rows locked and set
     * them itself (a booking: the nights it locked, plus its rooms): written to the cache once it
     * commits, without reading them again before the commit as {@link #refreshAfterCommit} does.
     */
    public void publishAfterCommit(String hotelId, String roomTypeId, Map<LocalDate, Night> nights) {
        Map<NightKey, Night> known = new HashMap<>();
        nights.forEach((date, night) -> known.put(new NightKey(hotelId, roomTypeId, date), night));
        transactions.registerInterposedSynchronization(new AfterCommit(() -> known.forEach(this::offer)));
    }

    /** Writes the stay's nights as this transaction leaves them to the cache once it commits. */
    public void refreshAfterCommit(Stay stay) {
        refreshAfterCommit(stay.hotelId(), stay.roomTypeId(), stay.startDate(), stay.endDate());
    }

    /** Writes the nights of [from, to) as this transaction leaves them to the cache once it commits. */
    public void refreshAfterCommit(String hotelId, String roomTypeId, LocalDate from, LocalDate to) {
        pending().computeIfAbsent(hotelId + "/" + roomTypeId, k -> new ArrayList<>())
                .add(new Range(hotelId, roomTypeId, from, to));
    }

    /** Forgets a room type's nights (it was deleted, or changed too widely to list). */
    public void evictAfterCommit(String roomTypeId) {
        transactions.registerInterposedSynchronization(new AfterCommit(() -> {
            // removed one by one: each remove invalidates the key on the other node too
            List<String> gone = cache.keySet().stream().filter(key -> NightKey.ofCacheKey(key).roomTypeId().equals(roomTypeId)).toList();
            gone.forEach(cache::remove);
        }));
    }

    private void offer(NightKey key, Night night) {
        keepNewer(cache, key.cacheKey(), night, Night::version);
    }

    /**
     * Stores {@code value} unless the cache holds a version at least as new: a compare-and-set loop of
     * plain writes (putIfAbsent, replace) rather than {@code merge}, because on the cluster the caches
     * are invalidation caches and a compute-style write there stays on its own node, leaving the other
     * node's older entry in place; a put or a replace invalidates the key everywhere else.
     */
    static <V> void keepNewer(Cache<String, V> cache, String key, V value, java.util.function.ToLongFunction<V> version) {
        while (true) {
            V current = cache.get(key);
            if (current == null) {
                if (cache.putIfAbsent(key, value) == null) {
                    return;
                }
            } else if (version.applyAsLong(value) <= version.applyAsLong(current) || cache.replace(key, current, value)) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Range>> pending() {
        Object key = AvailabilityCache.class;
        Map<String, List<Range>> ranges = (Map<String, List<Range>>) transactions.getResource(key);
        if (ranges == null) {
            Map<String, List<Range>> fresh = new HashMap<>();
            transactions.putResource(key, fresh);
            // Read the rows now, inside the transaction (its own writes, under its locks), and
            // publish them only after it committed.
            Map<NightKey, Night> snapshot = new HashMap<>();
            Map<String, HotelSnapshot> hotelSnapshots = new HashMap<>();
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    em.flush();
                    for (String key : fresh.keySet()) {
                        if (key.startsWith("hotel/")) {
                            HotelSnapshot h = loadHotel(key.substring(6));
                            if (h != null) {
                                hotelSnapshots.put(h.hotelId(), h);
                            }
                        }
                    }
                    for (List<Range> list : fresh.values()) {
                        for (Range r : list) {
                            store.load(r.hotelId, r.roomTypeId, r.from, r.to).forEach((date, night) ->
                                    snapshot.put(new NightKey(r.hotelId, r.roomTypeId, date), night));
                        }
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        snapshot.forEach(AvailabilityCache.this::offer);
                        hotelSnapshots.forEach((id, h) -> keepNewer(hotels, id, h, HotelSnapshot::version));
                    }
                }
            });
            ranges = fresh;
        }
        return ranges;
    }

    private record Range(String hotelId, String roomTypeId, LocalDate from, LocalDate to) {
    }

    private record AfterCommit(Runnable action) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        }
    }
}
