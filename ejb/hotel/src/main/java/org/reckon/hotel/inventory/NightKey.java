package org.reckon.hotel.inventory;

import java.time.LocalDate;

/** A room type on one night: the key of room_type_inventory and of the availability cache. */
public record NightKey(String hotelId, String roomTypeId, LocalDate date) {

    /**
     * The availability cache's key: {@code hotelId|roomTypeId|date}. A String, because on the cluster
     * the cache sends its keys to the other node (invalidation) and a String needs no marshaller of
     * the deployment's. Hotel and room type ids are UUIDs the catalog generates, so never contain '|'.
     */
    public String cacheKey() {
        return hotelId + '|' + roomTypeId + '|' + date;
    }

    /** The key {@link #cacheKey()} wrote. */
    public static NightKey ofCacheKey(String key) {
        int first = key.indexOf('|');
        int last = key.lastIndexOf('|');
        return new NightKey(key.substring(0, first), key.substring(first + 1, last), LocalDate.parse(key.substring(last + 1)));
    }
}
