package org.reckon.pspsandbox.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current instant at millisecond precision, so what an answer shows equals what the
 * database keeps (the columns hold microseconds) and timestamps read back compare equal.
 */
public final class Now {

    private Now() {
    }

    public static Instant instant() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
