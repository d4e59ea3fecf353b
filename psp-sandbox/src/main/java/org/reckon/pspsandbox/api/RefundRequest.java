package org.reckon.pspsandbox.api;

import org.reckon.pspsandbox.domain.Money;
import org.reckon.pspsandbox.problem.Violations;
import org.reckon.pspsandbox.service.RefundCommand;

/**
 * {@code POST /api/v1/payments/{nonce}/refunds}. Only the syntax is checked here (400); whether
 * the amount may be refunded (positive, the payment's currency, within the capture) is the
 * payment's decision (422).
 */
public record RefundRequest(String refundId, String amount, String currency) {

    RefundCommand validate() {
        Violations v = new Violations();
        if (refundId == null || refundId.isBlank()) {
            v.add("refund_id", "is required");
        } else if (!RegisterPaymentRequest.KEY.matcher(refundId).matches()) {
            v.add("refund_id", RegisterPaymentRequest.KEY_RULE);
        }
        Money money = Money.parse(amount, currency, v);
        v.throwIfAny();
        return new RefundCommand(refundId, money);
    }
}
