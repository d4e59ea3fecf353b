package org.reckon.payment.psp;

/** A PSP webhook: {@code payment.pending | payment.succeeded | payment.failed | payment.refunded}. */
public record PspWebhookEvent(String eventId, String type, Long created, Data data) {

    public record Data(String nonce, String token, String pspReference, String status, String amount, String currency,
                       String failureReason, String refundedAmount) {
    }
}
