package org.reckon.hotel.search;

import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Duration;
import java.util.Arrays;

/**
 * Commit-to-searchable lag of one index: how many documents were measured, the last and the
 * largest lag, and the 99th percentile of the most recent {@value #WINDOW} samples (nearest
 * rank). A window rather than every sample keeps memory fixed and lets the percentile recover
 * after an outage instead of carrying it forever; the maximum keeps the outage visible.
 * Not thread-safe: {@link IndexLag} serializes access.
 */
public final class LagStatistics {

    static final int WINDOW = 1024;

    private final long[] window = new long[WINDOW];
    private long count;
    private long lastMillis;
    private long maxMillis;

    public void record(Duration lag) {
        long millis = Math.max(0, lag.toMillis());
        window[(int) (count % WINDOW)] = millis;
        count++;
        lastMillis = millis;
        maxMillis = Math.max(maxMillis, millis);
    }

    public Snapshot snapshot() {
        int n = (int) Math.min(count, WINDOW);
        if (n == 0) {
            return new Snapshot(0, 0, 0, 0, 0);
        }
        long[] recent = Arrays.copyOf(window, n);
        Arrays.sort(recent);
        int rank = (int) Math.ceil(0.99 * n); // nearest rank, 1-based
        return new Snapshot(count, lastMillis, maxMillis, recent[rank - 1], n);
    }

    /**
     * Lags in milliseconds; {@code window} is how many recent samples the p99 is computed over.
     * (p99_millis is named explicitly: the snake_case strategy puts no '_' after a digit.)
     */
    public record Snapshot(long count, long lastMillis, long maxMillis,
                           @JsonbProperty("p99_millis") long p99Millis, int window) {
    }
}
