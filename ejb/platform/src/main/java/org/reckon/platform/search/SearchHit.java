package org.reckon.platform.search;

import java.util.Map;

/** One document found by a full-text query, with its relevance score. */
public record SearchHit(String index, String id, Double score, Map<String, Object> source) {
}
