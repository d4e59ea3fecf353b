package org.reckon.hotel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagStatisticsTest {

    @Test
    void nothingMeasuredIsAllZeros() {
        assertEquals(new LagStatistics.Snapshot(0, 0, 0, 0, 0), new LagStatistics().snapshot());
    }

    @Test
    void keepsCountLastAndMax() {
        LagStatistics stats = new LagStatistics();
        stats.record(Duration.ofMillis(40));
        stats.record(Duration.ofMillis(900));
        stats.record(Duration.ofMillis(15));

        LagStatistics.Snapshot s = stats.snapshot();

        assertEquals(3, s.count());
        assertEquals(15, s.lastMillis());
        assertEquals(900, s.maxMillis());
        assertEquals(900, s.p99Millis(), "with 3 samples the 99th percentile is the largest");
    }

    @Test
    void p99IsTheNearestRankOfAHundredSamples() {
        LagStatistics stats = new LagStatistics();
        for (int i = 100; i >= 1; i--) {
            stats.record(Duration.ofMillis(i));
        }
        assertEquals(99, stats.snapshot().p99Millis());
    }

    @Test
    void p99ForgetsSamplesOlderThanTheWindowButMaxDoesNot() {
        LagStatistics stats = new LagStatistics();
        stats.record(Duration.ofSeconds(60));
        for (int i = 0; i < LagStatistics.WINDOW; i++) {
            stats.record(Duration.ofMillis(10));
        }
        LagStatistics.Snapshot s = stats.snapshot();
        assertEquals(LagStatistics.WINDOW + 1, s.count());
        assertEquals(10, s.p99Millis());
        assertEquals(60_000, s.maxMillis());
        assertEquals(LagStatistics.WINDOW, s.window());
    }

    @Test
    void aClockBehindTheWriterCountsAsNoLag() {
        LagStatistics stats = new LagStatistics();
        stats.record(Duration.ofMillis(-5));
        assertEquals(0, stats.snapshot().lastMillis());
    }
}
