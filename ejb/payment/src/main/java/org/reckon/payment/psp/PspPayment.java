package org.reckon.payment.psp;

/** The PSP's view of a payment (its status query and registration answer). */
public record PspPayment(String token, String nonce, String status, String hostedPageUrl, String amount,
                         String currency, String pspReference, String failureReason) {

    public boolean succeeded() {
        return "succeeded".equals(status) || "partially_refunded".equals(status) || "refunded".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }

    /** Registered, and the buyer has not paid yet (the hosted page is open). */
    public boolean awaitingBuyer() {
        return "requires_payment_method".equals(status);
    }

    public boolean pending() {
        return "pending".equals(status);
    }
}
