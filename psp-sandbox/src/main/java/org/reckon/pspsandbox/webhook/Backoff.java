package org.reckon.pspsandbox.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * Webhook retry schedule: after the n-th failed attempt wait 2^(n-1) seconds (1 s, 2 s, 4 s ...),
 * never more than 60 s, and give up after 30 attempts (about 25 minutes in all). Receivers must
 * be idempotent anyway, so retrying is always safe.
 */
public final class Backoff {

    public static final int MAX_ATTEMPTS = 30;
    static final Duration CAP = Duration.ofSeconds(60);

    private Backoff() {
    }

    /** The wait before the next attempt, or empty when {@code failedAttempts} exhausted the budget. */
    public static Optional<Duration> afterFailedAttempts(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be >= 1");
        }
        if (failedAttempts >= MAX_ATTEMPTS) {
            return Optional.empty();
        }
        // shift at most 6 places: 2^6 = 64 s is already past the cap, and a long never overflows
        long seconds = Math.min(1L << Math.min(failedAttempts - 1, 6), CAP.toSeconds());
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
