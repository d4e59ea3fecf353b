package org.reckon.pspsandbox.webhook;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * The webhook body. {@code created} is epoch seconds; {@code data} is the payment as it was when
 * the event happened (not when it is delivered), so a late retry never contradicts the order of
 * events. Every field is present, null when it does not apply.
 */
@JsonbNillable
public record WebhookPayload(String eventId, String type, long created, Data data) {

    @JsonbNillable
    public record Data(
            String nonce,
            String token,
            String pspReference,
            String status,
            String amount,
            String currency,
            String failureReason,
            String refundedAmount) {
    }
}
