package org.reckon.platform.search;

/**
 * How a field of an explicitly mapped index is indexed. {@link #TEXT_AND_KEYWORD} is text plus a
 * {@code <field>.keyword} sub-field, the same shape Elasticsearch's dynamic mapping gives a
 * string, so queries written against an explicit mapping still work on an index that a stray
 * write created before the mapping.
 */
public enum SearchField {
    /** Exact values: ids, statuses, codes; filtered and matched whole. */
    KEYWORD,
    /** Analysed full text: names, addresses, descriptions. */
    TEXT,
    /** Full text, and {@code <field>.keyword} for exact (case-insensitive) filters. */
    TEXT_AND_KEYWORD,
    /** An ISO date or instant. */
    DATE
}
