package org.reckon.platform.search;

import java.util.List;

/** One page of hits, and how many documents matched in all. */
public record SearchPage(long total, List<SearchHit> hits) {
}
