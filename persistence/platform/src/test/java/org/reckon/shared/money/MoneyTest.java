package org.reckon.shared.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reckon.shared.ReckonException;

class MoneyTest {

    private static ReckonException rejected(String amount, String currency) {
        return assertThrows(ReckonException.class, () -> Money.parse(amount, currency, "amount", "currency"));
    }

    @Test
    void amountsTakeTheScaleOfTheirCurrency() {
        assertEquals("12.50", Money.parse("12.5", "USD", "amount", "currency").amountString());
        assertEquals("1000", Money.parse("1000", "JPY", "amount", "currency").amountString());
        assertEquals("1.250", Money.parse("1.25", "BHD", "amount", "currency").amountString());
        assertEquals("12.50", Money.parse("12.500", "USD", "amount", "currency").amountString());
    }

    @Test
    void overPreciseNonNumericAndUnknownAreRejectedNamingTheField() {
        assertEquals("amount", rejected("12.345", "USD").field());
        assertEquals("amount", rejected("1.5", "JPY").field());
        assertEquals("amount", rejected("12,50", "USD").field());
        assertEquals("amount", rejected("1e3", "USD").field());
        assertEquals("amount", rejected("", "USD").field());
        assertEquals("amount", rejected(null, "USD").field());
        assertEquals("amount", rejected("NaN", "USD").field());
        assertEquals("currency", rejected("10", "XYZ").field());
        assertEquals("currency", rejected("10", "usd").field());
        assertEquals("currency", rejected("10", null).field());
        assertEquals("currency", rejected("10", "XXX").field());
    }

    /** Issue 11, item 9: one amount is at most 10^9, so NUMERIC(38, 4) balances cannot overflow. */
    @Test
    void anAmountAboveTheCapIsRejectedNamingTheField() {
        assertEquals("1000000000.00", Money.parse("1000000000", "USD", "amount", "currency").amountString());
        ReckonException e = rejected("1000000000.01", "USD");
        assertEquals("amount", e.field());
        assertTrue(e.getMessage().contains("at most 1000000000"), e.getMessage());
        assertEquals("amount", rejected("999999999999999", "JPY").field());
    }

    @Test
    void arithmeticKeepsTheCurrencyAndRefusesToMixCurrencies() {
        Money ten = Money.of("10.00", "EUR");
        assertEquals(Money.of("7.50", "EUR"), ten.minus(Money.of("2.5", "EUR")));
        assertEquals(Money.of("-10", "EUR"), ten.negate());
        assertTrue(ten.exceeds(Money.of("9.99", "EUR")));
        assertThrows(IllegalArgumentException.class, () -> ten.plus(Money.of("1", "USD")));
    }
}
