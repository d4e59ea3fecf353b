package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reckon.pspsandbox.domain.PaymentStatus.FAILED;
import static org.reckon.pspsandbox.domain.PaymentStatus.PARTIALLY_REFUNDED;
import static org.reckon.pspsandbox.domain.PaymentStatus.PENDING;
import static org.reckon.pspsandbox.domain.PaymentStatus.PROCESSING;
import static org.reckon.pspsandbox.domain.PaymentStatus.REFUNDED;
import static org.reckon.pspsandbox.domain.PaymentStatus.REQUIRES_PAYMENT_METHOD;
import static org.reckon.pspsandbox.domain.PaymentStatus.SUCCEEDED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (from, to) pair, allowed or not. */
class PaymentStatusTest {

    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = Map.of(
            REQUIRES_PAYMENT_METHOD, EnumSet.of(PROCESSING, PENDING, SUCCEEDED, FAILED),
            PROCESSING, EnumSet.of(SUCCEEDED, FAILED),
            PENDING, EnumSet.of(SUCCEEDED, FAILED),
            SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            FAILED, EnumSet.noneOf(PaymentStatus.class),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class));

    @Test
    void transitionsAreExactlyTheTable() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                assertEquals(ALLOWED.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void onlyCapturedMoneyIsRefundable() {
        assertEquals(EnumSet.of(SUCCEEDED, PARTIALLY_REFUNDED),
                EnumSet.copyOf(java.util.Arrays.stream(PaymentStatus.values()).filter(PaymentStatus::refundable).toList()));
    }

    @Test
    void everyStatusButTheInitialAndProcessingAnnouncesItself() {
        assertEquals(Optional.empty(), REQUIRES_PAYMENT_METHOD.webhookType());
        assertEquals(Optional.empty(), PROCESSING.webhookType());
        assertEquals(Optional.of("payment.pending"), PENDING.webhookType());
        assertEquals(Optional.of("payment.succeeded"), SUCCEEDED.webhookType());
        assertEquals(Optional.of("payment.failed"), FAILED.webhookType());
        assertEquals(Optional.of("payment.refunded"), PARTIALLY_REFUNDED.webhookType());
        assertEquals(Optional.of("payment.refunded"), REFUNDED.webhookType());
    }

    @Test
    void wireNamesRoundTrip() {
        for (PaymentStatus status : PaymentStatus.values()) {
            assertEquals(status, PaymentStatus.fromWire(status.wire()));
        }
        assertEquals("requires_payment_method", REQUIRES_PAYMENT_METHOD.wire());
    }
}
