package org.reckon.pspsandbox.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromOneSecondUpToSixty() {
        List<Long> waits = IntStream.rangeClosed(1, 9)
                .mapToObj(n -> Backoff.afterFailedAttempts(n).orElseThrow().toSeconds()).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), waits);
    }

    @Test
    void staysAtTheCapUntilTheLastAttempt() {
        assertEquals(Duration.ofSeconds(60), Backoff.afterFailedAttempts(29).orElseThrow());
    }

    @Test
    void givesUpAfterThirtyAttempts() {
        assertTrue(Backoff.afterFailedAttempts(30).isEmpty());
        assertTrue(Backoff.afterFailedAttempts(31).isEmpty());
    }

    @Test
    void theWholeScheduleFitsInHalfAnHour() {
        long total = IntStream.range(1, Backoff.MAX_ATTEMPTS)
                .mapToLong(n -> Backoff.afterFailedAttempts(n).orElseThrow().toSeconds()).sum();
        assertEquals(1 + 2 + 4 + 8 + 16 + 32 + 23 * 60, total);
    }

    @Test
    void thereIsNoWaitBeforeAnyFailure() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.afterFailedAttempts(0));
    }
}
