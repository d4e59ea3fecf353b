package org.reckon.leaderboard.domain;

import java.time.Instant;

/**
 * A member's score in a month's sorted set: the points and, for ties, when they were reached.
 * Redis orders a sorted set by a double, exact for integers up to 2^53; the key is
 * {@code score * 2^32 + (2^32 - 1 - ms)} where {@code ms} is the milliseconds from the start of the
 * month to the instant the score was reached (under 2^32: a month has at most 2,678,400,000 ms).
 * So a higher score always ranks higher, and among equal scores whoever reached it first ranks
 * higher. Scores are capped at {@link #MAX_SCORE} (2^21 - 1) so the key stays exact. Two players
 * reaching the same score in the same millisecond are ordered by Redis by member (user_id), the
 * same way on every rebuild.
 */
public final class RankKey {

    public static final long MAX_SCORE = (1L << 21) - 1;
    private static final long TIME_SPAN = 1L << 32;

    private RankKey() {
    }

    public static double encode(long score, Month month, Instant reachedAt) {
        if (score < 0 || score > MAX_SCORE) {
            throw new IllegalArgumentException("score out of range: " + score);
        }
        long ms = reachedAt.toEpochMilli() - month.start().toEpochMilli();
        if (ms < 0 || ms >= TIME_SPAN || !Month.of(reachedAt).equals(month)) {
            throw new IllegalArgumentException(reachedAt + " is not in " + month);
        }
        return (double) (score * TIME_SPAN + (TIME_SPAN - 1 - ms));
    }

    /** The score (points) of a key. */
    public static long score(double key) {
        return ((long) key) / TIME_SPAN;
    }

    /** The smallest key of any member with at least {@code score} points. */
    public static double lowestWith(long score) {
        return (double) (score * TIME_SPAN);
    }
}
