package org.reckon.pspsandbox.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.regex.Pattern;
import org.reckon.pspsandbox.problem.Violations;

/**
 * An amount in an ISO 4217 currency. On the wire the amount is a decimal string ("12.50"), never
 * a JSON number, so no float ever rounds a cent; in code it is a {@link BigDecimal}. Parsing
 * checks syntax, the currency code and the currency's precision (no "10.001 EUR", no
 * "5.5 JPY"); whether the amount must be positive is the caller's rule, because a registration
 * rejects 0 as bad input (400) while a refund of 0 is a refused refund (422).
 */
public record Money(BigDecimal amount, Currency currency) {

    /** Up to 15 integer digits: fits DECIMAL(19,4) with room for every currency's minor units. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,15}(\\.\\d{1,4})?");
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    public Money {
        amount = amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
    }

    /** Parses {@code amount} and {@code currency} fields; returns null after recording violations. */
    public static Money parse(String amount, String currency, Violations violations) {
        BigDecimal parsedAmount = null;
        if (amount == null || amount.isBlank()) {
            violations.add("amount", "is required");
        } else if (!DECIMAL.matcher(amount).matches()) {
            violations.add("amount", "must be a decimal string such as \"12.50\"");
        } else {
            parsedAmount = new BigDecimal(amount);
        }
        Currency parsedCurrency = currency(currency, "currency", violations);
        if (parsedAmount == null || parsedCurrency == null) {
            return null;
        }
        int allowed = parsedCurrency.getDefaultFractionDigits();
        if (parsedAmount.stripTrailingZeros().scale() > allowed) {
            violations.add("amount", "has more decimal places than " + parsedCurrency.getCurrencyCode() + " allows (" + allowed + ")");
            return null;
        }
        return new Money(parsedAmount, parsedCurrency);
    }

    /** An ISO 4217 currency with minor units (so not XXX, XAU and the like); null after a violation. */
    public static Currency currency(String code, String field, Violations violations) {
        if (code == null || code.isBlank()) {
            violations.add(field, "is required");
            return null;
        }
        if (CODE.matcher(code).matches()) {
            try {
                Currency currency = Currency.getInstance(code);
                if (currency.getDefaultFractionDigits() >= 0) {
                    return currency;
                }
            } catch (IllegalArgumentException unknown) {
                // reported below
            }
        }
        violations.add(field, "must be an ISO 4217 currency code such as \"EUR\"");
        return null;
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean sameCurrency(Money other) {
        return currency.equals(other.currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public boolean exceeds(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) > 0;
    }

    /** Equal value and currency regardless of scale: "10" and "10.00" EUR are the same money. */
    public boolean sameValue(Money other) {
        return sameCurrency(other) && amount.compareTo(other.amount) == 0;
    }

    /** The wire form, at the currency's precision: "10.00" EUR, "500" JPY. */
    public String amountString() {
        return amount.toPlainString();
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    @Override
    public String toString() {
        return amountString() + " " + currencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!sameCurrency(other)) {
            throw new IllegalArgumentException("currency mismatch: " + this + " vs " + other);
        }
    }
}
