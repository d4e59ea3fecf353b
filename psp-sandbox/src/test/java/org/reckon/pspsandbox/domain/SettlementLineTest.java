package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementLineTest {

    private static final Money TEN = new Money(BigDecimal.TEN, Currency.getInstance("EUR"));

    @Test
    void headerThenOneCrlfLinePerChargeOrRefund() {
        String csv = SettlementLine.csv(List.of(
                SettlementLine.charge("psp_a", "ord-1", TEN, Instant.parse("2030-01-01T10:00:00.123Z")),
                SettlementLine.refund("psp_b", "ord-1", TEN, Instant.parse("2030-01-01T11:00:00Z"))));
        assertEquals("psp_reference,nonce,type,amount,currency,settled_at\r\n"
                + "psp_a,ord-1,charge,10.00,EUR,2030-01-01T10:00:00.123Z\r\n"
                + "psp_b,ord-1,refund,10.00,EUR,2030-01-01T11:00:00Z\r\n", csv);
    }

    @Test
    void anEmptyDayIsJustTheHeader() {
        assertEquals(SettlementLine.HEADER + "\r\n", SettlementLine.csv(List.of()));
    }

    @Test
    void quotesAFieldThatWouldBreakTheLine() {
        assertEquals("\"a,\"\"b\"\"\"", SettlementLine.field("a,\"b\""));
        assertEquals("plain", SettlementLine.field("plain"));
    }
}
