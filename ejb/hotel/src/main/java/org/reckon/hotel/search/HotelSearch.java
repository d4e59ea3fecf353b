package org.reckon.hotel.search;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reckon.hotel.Availability;
import org.reckon.hotel.AvailabilityView;
import org.reckon.hotel.HotelSettings;
import org.reckon.hotel.StayRules;
import org.reckon.platform.search.SearchHit;
import org.reckon.platform.search.SearchPage;
import org.reckon.platform.search.SearchQuery;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Hotel search (chapter 7): free text over name, city, address, amenities and room types from
 * Elasticsearch, combined, when a stay is given, with availability and price from the
 * availability cache. Without dates it pages in Elasticsearch. With dates the text hits are the
 * candidates (the best {@value #CANDIDATES}), each is checked against the cache, and only hotels
 * with a bookable room type are kept and paged; {@code total} then counts the bookable ones
 * among the candidates. A broad query over a large chain should be narrowed by city: the index
 * does not know availability, which changes with every booking, and indexing it would make
 * every booking a re-index.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class HotelSearch {

    static final int CANDIDATES = 500;

    private static final List<String> TEXT_FIELDS = List.of("name", "city", "address", "amenities", "room_types");

    @Inject
    org.reckon.platform.search.SearchGateway search;

    @EJB
    Availability availability;

    @Inject
    StayRules rules;

    @Inject
    HotelSettings settings;

    /** Elasticsearch's result window (index.max_result_window): from + size beyond it answers an error. */
    public static final int RESULT_WINDOW = 10_000;

    /** The first result of the page, refused (400 naming page) unless from + size stays within the result window. */
    static int from(int page, int size) {
        long from = (long) page * size;
        if (page < 0 || size < 1 || from + size > RESULT_WINDOW) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "page and size reach past result " + RESULT_WINDOW
                    + ": (page + 1) x size must be at most " + RESULT_WINDOW, "page");
        }
        return (int) from;
    }

    public Result hotels(String text, String city, LocalDate start, LocalDate end, int rooms, int page, int size) {
        int first = from(page, size);
        Map<String, String> filters = city == null ? Map.of() : Map.of("city.keyword", city);
        if (start == null && end == null) {
            if (rooms < 1 || rooms > settings.maxRooms()) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be 1 to " + settings.maxRooms(), "rooms");
            }
            SearchPage found = search.search(HotelIndexRequests.HOTELS, new SearchQuery(text, TEXT_FIELDS, List.of(),
                    filters, "name.keyword", first, size));
            return new Result(found.hits().stream().map(h -> Item.of(h, null, null)).toList(), found.total());
        }
        rules.check(null, null, start, end, rooms, "rooms");
        SearchPage candidates = search.search(HotelIndexRequests.HOTELS, new SearchQuery(text, TEXT_FIELDS, List.of(),
                filters, "name.keyword", 0, CANDIDATES));
        List<Item> bookable = new ArrayList<>();
        for (SearchHit hit : candidates.hits()) {
            AvailabilityView view;
            try {
                view = availability.fromCache(hit.id(), start, end, rooms);
            } catch (ReckonException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted since it was indexed; the index catches up
                }
                throw e;
            }
            if (!view.roomTypes().isEmpty()) {
                bookable.add(Item.of(hit, LowestPrice.perNight(view), view.roomTypes().size()));
            }
        }
        int from = Math.min(first, bookable.size());
        return new Result(bookable.subList(from, Math.min(from + size, bookable.size())), bookable.size());
    }

    /** Staff: reservations whose guest name or e-mail matches the words, or whose id, guest or e-mail is exactly the text. */
    public Result reservations(String text, int page, int size) {
        int first = from(page, size);
        SearchPage found = search.search(HotelIndexRequests.RESERVATIONS, new SearchQuery(text,
                List.of("guest_name", "guest_email", "hotel_name"), List.of("reservation_id", "guest", "guest_email.keyword"),
                Map.of(), "start_date", first, size));
        return new Result(found.hits().stream().map(SearchHit::source).toList(), found.total());
    }

    public record Result(List<?> items, long total) {
    }

    /** A hotel found; the last two are null when no stay was asked for. */
    public record Item(String hotelId, String name, String city, String address, List<?> amenities, String currency,
                       String lowestPricePerNight, Integer roomTypesAvailable) {

        static Item of(SearchHit hit, String lowestPrice, Integer roomTypes) {
            Map<String, Object> s = hit.source();
            return new Item(hit.id(), (String) s.get("name"), (String) s.get("city"), (String) s.get("address"),
                    s.get("amenities") instanceof List<?> l ? l : List.of(), (String) s.get("currency"), lowestPrice,
                    roomTypes);
        }
    }
}
