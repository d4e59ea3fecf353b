package org.reckon.pspsandbox.api;

import org.reckon.pspsandbox.domain.Refund;

/** A refund as the refunds endpoint answers it; refunds in the sandbox succeed at once. */
public record RefundView(String refundId, String nonce, String status, String amount, String currency, String pspReference) {

    static RefundView of(Refund r) {
        return new RefundView(r.refundId(), r.payment().nonce(), "succeeded", r.money().amountString(),
                r.money().currencyCode(), r.pspReference());
    }
}
