package org.reckon.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

class PaymentOrderTest {

    private final Instant now = Instant.parse("2026-11-28T10:00:00Z");

    private PaymentOrder captured(String amount) {
        PaymentOrder order = new PaymentOrder("po-1", "co-1", "seller-1", Money.of(amount, "USD"), now);
        order.moveTo(PaymentOrderStatus.EXECUTING, "registered", now);
        order.moveTo(PaymentOrderStatus.SUCCESS, "captured", now);
        return order;
    }

    @Test
    void partialThenFullRefundEndsRefundedAndNeverExceedsTheCapture() {
        PaymentOrder order = captured("100.00");

        assertEquals(PaymentOrderStatus.PARTIALLY_REFUNDED, order.refunded(Money.of("30.00", "USD"), "partial", now).toStatus());
        ReckonException over = assertThrows(ReckonException.class, () -> order.refunded(Money.of("70.01", "USD"), "too much", now));
        assertEquals(ErrorCode.UNPROCESSABLE, over.code());
        assertEquals(PaymentOrderStatus.REFUNDED, order.refunded(Money.of("70.00", "USD"), "rest", now).toStatus());
        assertEquals(Money.of("100.00", "USD"), order.refunded());
        assertEquals(ErrorCode.UNPROCESSABLE, assertThrows(ReckonException.class,
                () -> order.checkRefundable(Money.of("1", "USD"))).code(), "nothing left to refund");
    }

    @Test
    void refundsNeedACaptureTheSameCurrencyAndAPositiveAmount() {
        PaymentOrder notCaptured = new PaymentOrder("po-2", "co-1", "seller-1", Money.of("10", "USD"), now);
        assertEquals(ErrorCode.CONFLICT, assertThrows(ReckonException.class,
                () -> notCaptured.checkRefundable(Money.of("1", "USD"))).code());
        PaymentOrder order = captured("10.00");
        assertEquals("currency", assertThrows(ReckonException.class, () -> order.checkRefundable(Money.of("1", "EUR"))).field());
        assertEquals("amount", assertThrows(ReckonException.class, () -> order.checkRefundable(Money.of("0", "USD"))).field());
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() {
        PaymentOrder order = new PaymentOrder("po-3", "co-1", "seller-1", Money.of("10", "USD"), now);
        assertThrows(ReckonException.class, () -> order.moveTo(PaymentOrderStatus.SUCCESS, "skipping execution", now));
        assertEquals(PaymentOrderStatus.NOT_STARTED, order.status());
        assertEquals("amount", assertThrows(ReckonException.class,
                () -> new PaymentOrder("po-4", "co-1", "s", Money.of("-1", "USD"), now)).field());
    }
}
