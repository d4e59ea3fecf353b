package org.reckon.hotel.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index-lag metric: for every document written to the search index, the time from the
 * commit that changed it (the message's changed_at) to the moment it became searchable, per
 * index. Kept in memory per server, shown to staff at {@code /v1/admin/search/lag}, and exported
 * through WildFly's Micrometer registry (Prometheus on the management port) as the timer
 * {@code reckon_search_index_lag_seconds} (count, sum, max) and the gauge
 * {@code reckon_search_index_lag_p99_seconds}, both tagged with the index. It restarts from
 * zero with the server.
 */
@ApplicationScoped
public class IndexLag {

    @Inject
    MeterRegistry meters;

    private final Map<String, LagStatistics> byIndex = new TreeMap<>();

    public void record(String index, Instant changedAt, Instant searchableAt) {
        Duration lag = Duration.between(changedAt, searchableAt);
        synchronized (this) {
            statistics(index).record(lag);
        }
        meters.timer("reckon.search.index.lag", "index", index).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public synchronized Map<String, LagStatistics.Snapshot> snapshot() {
        Map<String, LagStatistics.Snapshot> result = new TreeMap<>();
        byIndex.forEach((index, stats) -> result.put(index, stats.snapshot()));
        return result;
    }

    private synchronized LagStatistics statistics(String index) {
        return byIndex.computeIfAbsent(index, i -> {
            LagStatistics stats = new LagStatistics();
            meters.gauge("reckon.search.index.lag.p99.seconds", Tags.of("index", i), stats, this::p99Seconds);
            return stats;
        });
    }

    private synchronized double p99Seconds(LagStatistics stats) {
        return stats.snapshot().p99Millis() / 1000.0;
    }
}
