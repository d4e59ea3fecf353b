package org.reckon.payment.web;

import java.util.List;
import java.util.Map;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.domain.PaymentError;
import org.reckon.platform.contract.ContractContribution;
import org.reckon.shared.ProblemCode;

/** The payment context's part of /openapi: its problem codes and the payment order states it writes. */
public final class PaymentContract implements ContractContribution {

    @Override
    public List<ProblemCode> problemCodes() {
        return List.of(PaymentError.values());
    }

    @Override
    public Map<String, List<String>> wireEnums() {
        List<String> orderStates = CheckoutView.ORDER_STATUSES;
        return Map.of(
                "OrderView.status", orderStates,
                "HistoryEntry.from_status", orderStates,
                "HistoryEntry.to_status", orderStates,
                "RefundView.order_status", orderStates,
                "Received.result", List.of("applied", "duplicate"));
    }
}
