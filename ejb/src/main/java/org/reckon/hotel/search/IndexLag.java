package org.reckon.hotel.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index-lag metric: for every document written to the search index, the time from the
 * commit that changed it (the message's changed_at) to the moment it became searchable, per
 * index. Kept in memory per server and shown to staff at {@code /v1/admin/search/lag}; it
 * restarts from zero with the server.
 */
@ApplicationScoped
public class IndexLag {

    private final Map<String, LagStatistics> byIndex = new TreeMap<>();

    public synchronized void record(String index, Instant changedAt, Instant searchableAt) {
        byIndex.computeIfAbsent(index, i -> new LagStatistics()).record(Duration.between(changedAt, searchableAt));
    }

    public synchronized Map<String, LagStatistics.Snapshot> snapshot() {
        Map<String, LagStatistics.Snapshot> result = new TreeMap<>();
        byIndex.forEach((index, stats) -> result.put(index, stats.snapshot()));
        return result;
    }
}
