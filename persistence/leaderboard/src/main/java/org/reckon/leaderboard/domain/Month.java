package org.reckon.leaderboard.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A leaderboard season: one calendar month in UTC, written {@code YYYY-MM}. */
public record Month(YearMonth value) implements Comparable<Month> {

    public static final Pattern FORMAT = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");

    public Month {
        Objects.requireNonNull(value);
    }

    /** Parses {@code YYYY-MM}; throws {@link IllegalArgumentException} for anything else. */
    public static Month parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("month must be YYYY-MM: " + text);
        }
        try {
            return new Month(YearMonth.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must be YYYY-MM: " + text, e);
        }
    }

    public static Month of(Instant instant) {
        return new Month(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    public static Month current(Clock clock) {
        return of(clock.instant());
    }

    /** The first instant of the month (UTC). */
    public Instant start() {
        return value.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean isAfter(Month other) {
        return value.isAfter(other.value);
    }

    @Override
    public int compareTo(Month other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
