package org.reckon.pspsandbox.api;

import java.time.Instant;
import java.util.List;
import org.reckon.pspsandbox.webhook.WebhookDelivery;
import org.reckon.pspsandbox.webhook.WebhookEvent;

/** An outbox event with every delivery attempt: what a dashboard's "webhook attempts" view shows. */
public record WebhookEventView(
        String eventId,
        String type,
        String state,
        int attempts,
        String targetUrl,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Integer lastStatusCode,
        String lastError,
        List<Attempt> deliveries) {

    public record Attempt(int attempt, boolean duplicate, Instant attemptedAt, long durationMillis,
                          Integer statusCode, String error) {
    }

    static WebhookEventView of(WebhookEvent e, List<WebhookDelivery> deliveries) {
        return new WebhookEventView(e.eventId(), e.type(), e.state(), e.attempts(), e.targetUrl(), e.createdAt(),
                WebhookEvent.PENDING.equals(e.state()) ? e.nextAttemptAt() : null, e.deliveredAt(),
                e.lastStatusCode(), e.lastError(),
                deliveries.stream().map(d -> new Attempt(d.attempt(), d.duplicate(), d.attemptedAt(), d.durationMillis(),
                        d.statusCode(), d.error())).toList());
    }
}
