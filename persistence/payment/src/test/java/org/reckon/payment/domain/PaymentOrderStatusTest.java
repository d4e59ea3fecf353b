package org.reckon.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.payment.domain.PaymentOrderStatus.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every pair of states, allowed or not: the table is the specification. */
class PaymentOrderStatusTest {

    private static final Set<String> ALLOWED = Set.of(
            "NOT_STARTED>EXECUTING", "NOT_STARTED>FAILED",
            "EXECUTING>PENDING", "EXECUTING>UNKNOWN", "EXECUTING>SUCCESS", "EXECUTING>FAILED",
            "PENDING>UNKNOWN", "PENDING>SUCCESS", "PENDING>FAILED",
            "UNKNOWN>EXECUTING", "UNKNOWN>PENDING", "UNKNOWN>SUCCESS", "UNKNOWN>FAILED",
            "SUCCESS>PARTIALLY_REFUNDED", "SUCCESS>REFUNDED",
            "PARTIALLY_REFUNDED>PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED>REFUNDED");

    @Test
    void exactlyTheTransitionsOfTheTableAreAllowed() {
        int checked = 0;
        for (PaymentOrderStatus from : values()) {
            for (PaymentOrderStatus to : values()) {
                assertEquals(ALLOWED.contains(from + ">" + to), from.canMoveTo(to), from + " -> " + to);
                checked++;
            }
        }
        assertEquals(values().length * values().length, checked);
    }

    @Test
    void failedAndRefundedAreTerminal() {
        assertTrue(FAILED.next().isEmpty());
        assertTrue(REFUNDED.next().isEmpty());
    }

    @Test
    void pendingAndUnknownAreNeitherFinalNorCaptured() {
        for (PaymentOrderStatus s : EnumSet.of(NOT_STARTED, EXECUTING, PENDING, UNKNOWN)) {
            assertFalse(s.isFinal(), s.name());
            assertFalse(s.isCaptured(), s.name());
        }
        for (PaymentOrderStatus s : EnumSet.of(SUCCESS, PARTIALLY_REFUNDED, REFUNDED)) {
            assertTrue(s.isCaptured(), s.name());
        }
    }

    @Test
    void everyStateCanBeReachedFromNotStarted() {
        Set<PaymentOrderStatus> reached = EnumSet.of(NOT_STARTED);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (PaymentOrderStatus s : EnumSet.copyOf(reached)) {
                grew |= reached.addAll(s.next());
            }
        }
        assertEquals(EnumSet.allOf(PaymentOrderStatus.class), reached);
    }
}
