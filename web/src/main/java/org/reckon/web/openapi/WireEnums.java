package org.reckon.web.openapi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.reckon.hotel.domain.ReservationStatus;
import org.reckon.ledger.domain.AccountType;
import org.reckon.payment.domain.PaymentOrderStatus;

/**
 * The closed sets the views write as plain strings ({@code status().name()}), by schema and
 * property: the records say {@code String}, the wire says one of these.
 */
final class WireEnums {

    private static final List<Object> PAYMENT_ORDER = names(PaymentOrderStatus.values());
    private static final Map<String, List<Object>> BY_PROPERTY = Map.of(
            "OrderView.status", PAYMENT_ORDER,
            "HistoryEntry.from_status", PAYMENT_ORDER,
            "HistoryEntry.to_status", PAYMENT_ORDER,
            "RefundView.order_status", PAYMENT_ORDER,
            "PaymentRef.status", PAYMENT_ORDER,
            "ReservationView.status", names(ReservationStatus.values()),
            "AccountBalance.type", names(AccountType.values()),
            "Received.result", List.of("applied", "duplicate"));

    private WireEnums() {
    }

    static void apply(String schemaName, Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((property, s) -> {
            List<Object> values = BY_PROPERTY.get(schemaName + "." + property);
            if (values != null && s.getEnumeration() == null) {
                s.setEnumeration(values);
            }
        });
    }

    private static List<Object> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> (Object) v.name()).toList();
    }
}
