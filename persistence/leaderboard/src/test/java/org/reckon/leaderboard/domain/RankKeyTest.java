package org.reckon.leaderboard.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RankKeyTest {

    private final Month november = Month.parse("2026-11");

    @Test
    void aHigherScoreRanksHigherWhateverTheTime() {
        double early = RankKey.encode(10, november, Instant.parse("2026-11-01T00:00:00Z"));
        double late = RankKey.encode(11, november, Instant.parse("2026-11-30T23:59:59.999Z"));
        assertTrue(late > early);
    }

    @Test
    void amongEqualScoresWhoeverReachedItFirstRanksHigher() {
        double first = RankKey.encode(42, november, Instant.parse("2026-11-03T10:00:00.001Z"));
        double second = RankKey.encode(42, november, Instant.parse("2026-11-03T10:00:00.002Z"));
        assertTrue(first > second);
        assertEquals(42, RankKey.score(first));
        assertEquals(42, RankKey.score(second));
    }

    @Test
    void theLargestScoreAtTheLastMillisecondIsExact() {
        double key = RankKey.encode(RankKey.MAX_SCORE, november, Instant.parse("2026-11-30T23:59:59.999Z"));
        assertEquals(RankKey.MAX_SCORE, RankKey.score(key));
        double before = RankKey.encode(RankKey.MAX_SCORE, november, Instant.parse("2026-11-30T23:59:59.998Z"));
        assertTrue(before > key, "one millisecond still tells two keys apart at the top of the range");
        assertTrue(RankKey.lowestWith(RankKey.MAX_SCORE) <= key);
        assertTrue(RankKey.lowestWith(RankKey.MAX_SCORE) > RankKey.encode(RankKey.MAX_SCORE - 1, november, november.start()));
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> RankKey.encode(RankKey.MAX_SCORE + 1, november, november.start()));
        assertThrows(IllegalArgumentException.class, () -> RankKey.encode(1, november, Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void monthsAreYearDashMonth() {
        assertEquals("2026-11", Month.parse("2026-11").toString());
        assertThrows(IllegalArgumentException.class, () -> Month.parse("2026-13"));
        assertThrows(IllegalArgumentException.class, () -> Month.parse("2026-1"));
        assertThrows(IllegalArgumentException.class, () -> Month.parse("11-2026"));
        assertEquals("2026-12", Month.of(Instant.parse("2026-12-05T03:00:00Z")).toString());
    }
}
