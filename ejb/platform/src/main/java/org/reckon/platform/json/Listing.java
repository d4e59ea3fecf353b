package org.reckon.platform.json;

import java.util.List;

/**
 * The one envelope of every list the API answers: {@code {items, page, size, total}}, so a client
 * pages and counts every list the same way and a list can grow a field without breaking it (a bare
 * JSON array cannot). A paged list gives its page, its page size and the total matching; a list
 * answered whole gives page 0 and size and total equal to its length; a list capped by a
 * {@code max}/{@code size} parameter (the newest N) gives page 0, that cap as size and the number
 * of items answered as total.
 */
public record Listing<T>(List<T> items, int page, int size, long total) {

    /** A list answered whole. */
    public static <T> Listing<T> all(List<T> items) {
        return new Listing<>(items, 0, items.size(), items.size());
    }

    /** The first {@code limit} items of a list that is not paged. */
    public static <T> Listing<T> capped(List<T> items, int limit) {
        return new Listing<>(items, 0, limit, items.size());
    }

    /** One page of a paged list. */
    public static <T> Listing<T> page(List<T> items, int page, int size, long total) {
        return new Listing<>(items, page, size, total);
    }
}
