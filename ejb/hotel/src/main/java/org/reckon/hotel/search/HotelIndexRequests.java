package org.reckon.hotel.search;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.UUID;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.messaging.OutboundMessages;
import org.reckon.platform.messaging.PlatformQueue;

/**
 * Asks for a hotel or reservation to be (re)indexed, in the caller's transaction: the request
 * exists if and only if the change commits, and the search index is never written inside the
 * request's transaction. The consumer reads the current state from the database when it
 * indexes, so requests may be repeated or reordered without leaving a stale document.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class HotelIndexRequests {

    public static final String HOTELS = "hotels";
    public static final String RESERVATIONS = "reservations";
    public static final String TYPE = "search.reindex";

    @EJB
    OutboundMessages messages;

    public void hotelChanged(String hotelId) {
        request(HOTELS, hotelId);
    }

    public void reservationChanged(String reservationId) {
        request(RESERVATIONS, reservationId);
    }

    private void request(String index, String id) {
        IndexRequest body = new IndexRequest(index, id, Instant.now());
        messages.send(PlatformQueue.SEARCH_INDEXING, index + ":" + id + ":" + UUID.randomUUID(), TYPE, ReckonJson.toJson(body));
    }

    /** The JSON of a search.reindex message; changed_at is when the change was made, for the index-lag metric. */
    public record IndexRequest(String index, String id, Instant changedAt) {
    }
}
