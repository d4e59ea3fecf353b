package org.reckon.pspsandbox.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reckon.pspsandbox.problem.Violation;
import org.reckon.pspsandbox.problem.Violations;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "10, EUR, 10.00",
            "10.5, EUR, 10.50",
            "10.000, EUR, 10.00",
            "0.01, USD, 0.01",
            "500, JPY, 500",
            "1.234, BHD, 1.234",
            "0, EUR, 0.00",
            "-5, EUR, -5.00"
    })
    void parsesAndShowsAtTheCurrencyPrecision(String amount, String currency, String shown) {
        Violations v = new Violations();
        Money money = Money.parse(amount, currency, v);
        assertTrue(v.list().isEmpty(), v.list().toString());
        assertEquals(shown, money.amountString());
        assertEquals(currency, money.currencyCode());
    }

    @ParameterizedTest(name = "\"{0}\" {1} -> {2}: {3}")
    @CsvSource({
            "'', EUR, amount, is required",
            "abc, EUR, amount, must be a decimal string such as \"12.50\"",
            "1e3, EUR, amount, must be a decimal string such as \"12.50\"",
            "+5, EUR, amount, must be a decimal string such as \"12.50\"",
            "10.001, EUR, amount, has more decimal places than EUR allows (2)",
            "1.5, JPY, amount, has more decimal places than JPY allows (0)",
            "1234567890123456, EUR, amount, must be a decimal string such as \"12.50\"",
            "10, eur, currency, must be an ISO 4217 currency code such as \"EUR\"",
            "10, ABC, currency, must be an ISO 4217 currency code such as \"EUR\"",
            "10, XXX, currency, must be an ISO 4217 currency code such as \"EUR\"",
            "10, '', currency, is required"
    })
    void rejectsBadInputNamingTheField(String amount, String currency, String field, String message) {
        Violations v = new Violations();
        assertNull(Money.parse(amount, currency, v));
        assertEquals(List.of(new Violation(field, message)), v.list());
    }

    @Test
    void sameValueIgnoresScaleButNotCurrency() {
        Violations v = new Violations();
        assertTrue(Money.parse("10", "EUR", v).sameValue(Money.parse("10.00", "EUR", v)));
        assertFalse(Money.parse("10", "EUR", v).sameValue(Money.parse("10", "USD", v)));
    }

    @Test
    void arithmeticForRefunds() {
        Money ten = new Money(new java.math.BigDecimal("10"), EUR);
        Money six = new Money(new java.math.BigDecimal("6"), EUR);
        assertTrue(six.plus(six).exceeds(ten));
        assertFalse(six.plus(Money.zero(EUR)).exceeds(ten));
        assertTrue(ten.isPositive());
        assertFalse(Money.zero(EUR).isPositive());
    }
}
