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

    @Test
    void arithmeticKeepsTheCurrencyAndRefusesToMixCurrencies() {
        Money ten = Money.of("10.00", "EUR");
        assertEquals(Money.of("7.50", "EUR"), ten.minus(Money.of("2.5", "EUR")));
        assertEquals(Money.of("-10", "EUR"), ten.negate());
        assertTrue(ten.exceeds(Money.of("9.99", "EUR")));
        assertThrows(IllegalArgumentException.class, () -> ten.plus(Money.of("1", "USD")));
    }
}
