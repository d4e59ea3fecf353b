package org.reckon.pspsandbox.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookEventTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static WebhookEvent event() {
        return new WebhookEvent("evt_1", 1L, "payment.succeeded", "http://127.0.0.1/hook", "{}", T0, Duration.ZERO);
    }

    private static DeliveryResult answered(int status, Instant at) {
        return new DeliveryResult(at, 5, status, null, false);
    }

    @Test
    void aTwoHundredDelivers() {
        WebhookEvent e = event();
        e.recordAttempt(answered(204, T0), Duration.ZERO);
        assertEquals(WebhookEvent.DELIVERED, e.state());
        assertEquals(T0, e.deliveredAt());
        assertEquals(1, e.attempts());
    }

    @Test
    void aFailureSchedulesTheNextAttemptByTheBackoff() {
        WebhookEvent e = event();
        e.recordAttempt(answered(500, T0), Duration.ZERO);
        assertEquals(T0.plusSeconds(1), e.nextAttemptAt());
        e.recordAttempt(new DeliveryResult(T0.plusSeconds(1), 5000, null, "HttpTimeoutException", false), Duration.ZERO);
        assertEquals(T0.plusSeconds(3), e.nextAttemptAt());
        assertEquals(WebhookEvent.PENDING, e.state());
        assertNull(e.lastStatusCode());
        assertEquals("HttpTimeoutException", e.lastError());
    }

    @Test
    void theReorderJitterIsAddedToTheWait() {
        WebhookEvent e = event();
        e.recordAttempt(answered(503, T0), Duration.ofMillis(700));
        assertEquals(T0.plusMillis(1700), e.nextAttemptAt());
    }

    @Test
    void thirtyFailuresAbandonTheEvent() {
        WebhookEvent e = event();
        for (int i = 0; i < Backoff.MAX_ATTEMPTS; i++) {
            e.recordAttempt(answered(500, T0), Duration.ZERO);
        }
        assertEquals(WebhookEvent.ABANDONED, e.state());
        assertEquals(30, e.attempts());
    }
}
