package org.reckon.hotel.search;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.reckon.platform.search.SearchField;
import org.reckon.platform.search.SearchGateway;

/**
 * Projects a hotel or a reservation into its search index, from the database's current state,
 * so a repeated or reordered request can never leave an older document behind: after each write
 * the row is read again, and written again if it changed meanwhile ({@link #changedMeanwhile}). A deleted hotel
 * is removed from the index. Failures to reach Elasticsearch propagate: the consumer rolls
 * back and the broker redelivers with growing delays, then dead-letters.
 *
 * Documents are written with refresh=wait_for, so "indexed" means "searchable" and the
 * measured lag is the one a user sees; the price is that an indexing thread waits for the next
 * refresh (at most a second by default).
 */
@Stateless
public class HotelIndexer {

    private static final Logger LOG = Logger.getLogger(HotelIndexer.class.getName());
    private static final int MAX_PASSES = 5;

    public static final Map<String, SearchField> HOTEL_FIELDS = Map.of(
            "hotel_id", SearchField.KEYWORD,
            "name", SearchField.TEXT_AND_KEYWORD,
            "city", SearchField.TEXT_AND_KEYWORD,
            "address", SearchField.TEXT,
            "amenities", SearchField.TEXT,
            "currency", SearchField.KEYWORD,
            "room_types", SearchField.TEXT);

    public static final Map<String, SearchField> RESERVATION_FIELDS = Map.of(
            "reservation_id", SearchField.KEYWORD,
            "guest", SearchField.KEYWORD,
            "guest_name", SearchField.TEXT,
            "guest_email", SearchField.TEXT_AND_KEYWORD,
            "hotel_id", SearchField.KEYWORD,
            "hotel_name", SearchField.TEXT,
            "status", SearchField.KEYWORD,
            "start_date", SearchField.DATE,
            "end_date", SearchField.DATE);

    @Inject
    SearchGateway search;

    @EJB
    SearchDocuments documents;

    @Inject
    IndexLag lag;

    /** Re-indexes what a search.reindex message names; false when the index is not one of ours. */
    public boolean reindex(String index, String id, Instant changedAt) {
        switch (index) {
            case HotelIndexRequests.HOTELS -> {
                search.ensureIndex(index, HOTEL_FIELDS);
                Optional<Map<String, Object>> doc = documents.hotel(id);
                for (int pass = 1; ; pass++) {
                    if (doc.isPresent()) {
                        search.index(index, id, doc.get(), true);
                    } else {
                        search.remove(index, id);
                    }
                    Optional<Map<String, Object>> now = documents.hotel(id);
                    if (now.equals(doc)) {
                        break;
                    }
                    changedMeanwhile(index, id, pass);
                    doc = now;
                }
            }
            case HotelIndexRequests.RESERVATIONS -> {
                search.ensureIndex(index, RESERVATION_FIELDS);
                Map<String, Object> doc = documents.reservation(id);
                for (int pass = 1; ; pass++) {
                    search.index(index, id, doc, true);
                    Map<String, Object> now = documents.reservation(id);
                    if (now.equals(doc)) {
                        break;
                    }
                    changedMeanwhile(index, id, pass);
                    doc = now;
                }
            }
            default -> {
                LOG.warning(() -> "search.reindex for unknown index " + index + " (" + id + ") ignored");
                return false;
            }
        }
        if (changedAt != null) {
            lag.record(index, changedAt, Instant.now());
        }
        return true;
    }

    /**
     * The row changed between the read and the end of the write: another pass writes the newer
     * document. Why: the read's transaction (and its row lock) ends before the write, so two
     * indexers of one row can write in the opposite order of their reads; the one whose older
     * document lands last would leave it stale for ever (CI saw a reservation PAID in PostgreSQL and
     * PENDING in the index after Elasticsearch came back). A write is acknowledged before the
     * re-read, so when the re-read equals what was written, any later change is written after it by
     * its own message. After {@value #MAX_PASSES} passes the message is redelivered instead.
     */
    private static void changedMeanwhile(String index, String id, int pass) {
        if (pass >= MAX_PASSES) {
            throw new IllegalStateException(index + "/" + id + " kept changing while it was indexed; redelivered");
        }
        LOG.fine(() -> index + "/" + id + " changed while it was indexed: written again");
    }
}
