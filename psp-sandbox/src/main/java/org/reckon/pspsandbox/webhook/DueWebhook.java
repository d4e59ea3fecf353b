package org.reckon.pspsandbox.webhook;

/** An outbox event due for an attempt, detached from the transaction that found it. */
public record DueWebhook(Long id, String eventId, String type, String targetUrl, String payload) {
}
