package org.reckon.hotel.web;

import java.util.List;
import java.util.Map;
import org.reckon.hotel.domain.HotelError;
import org.reckon.hotel.domain.ReservationStatus;
import org.reckon.payment.api.CheckoutView;
import org.reckon.platform.contract.ContractContribution;
import org.reckon.shared.ProblemCode;

/**
 * The hotel context's part of /openapi: its problem codes, the reservation states it writes, and
 * the payment state it repeats from the payment API (a reservation's payment reference).
 */
public final class HotelContract implements ContractContribution {

    @Override
    public List<ProblemCode> problemCodes() {
        return List.of(HotelError.values());
    }

    @Override
    public Map<String, List<String>> wireEnums() {
        return Map.of(
                "ReservationView.status", ContractContribution.names(ReservationStatus.values()),
                "PaymentRef.status", CheckoutView.ORDER_STATUSES,
                "PaymentRef.method", List.of("CARD", "WALLET"));
    }
}
