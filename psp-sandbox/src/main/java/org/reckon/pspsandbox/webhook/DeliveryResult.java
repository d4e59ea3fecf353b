package org.reckon.pspsandbox.webhook;

import java.time.Instant;

/** The outcome of one POST to a webhook receiver: a status code, or the error that prevented one. */
public record DeliveryResult(Instant at, long durationMillis, Integer statusCode, String error, boolean duplicate) {

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
