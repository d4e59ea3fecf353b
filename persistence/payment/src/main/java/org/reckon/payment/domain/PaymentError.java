package org.reckon.payment.domain;

import org.reckon.shared.ProblemCode;

/** The payment context's own problem codes, beside the platform's generic ones. */
public enum PaymentError implements ProblemCode {
    INVALID_SIGNATURE(400, "Invalid or stale signature"),
    /** A signed success whose amount, currency or token differs from the order's: recorded, flagged for reconciliation. */
    WEBHOOK_MISMATCH(422, "The webhook does not match the payment order"),
    PSP_UNAVAILABLE(502, "The payment service provider did not answer");

    private final int status;
    private final String title;

    PaymentError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
