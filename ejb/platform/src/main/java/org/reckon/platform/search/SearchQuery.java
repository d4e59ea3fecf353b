package org.reckon.platform.search;

import java.util.List;
import java.util.Map;

/**
 * A query over one index without Elasticsearch's types leaking out of the gateway: free text
 * over {@code textFields} (all words must appear, across fields) or, alternatively, an exact
 * match of the whole text on one of {@code exactFields}; narrowed by case-insensitive exact
 * {@code filters}; paged. A blank text matches every document, ordered by {@code sortField}
 * when one is given.
 */
public record SearchQuery(String text, List<String> textFields, List<String> exactFields,
                          Map<String, String> filters, String sortField, int from, int size) {

    public SearchQuery {
        textFields = List.copyOf(textFields);
        exactFields = List.copyOf(exactFields);
        filters = Map.copyOf(filters);
    }

    public boolean matchesAll() {
        return text == null || text.isBlank();
    }
}
