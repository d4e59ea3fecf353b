package org.reckon.shared.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * An amount in one ISO 4217 currency, never more precise than the currency allows (2 decimals
 * for USD, 0 for JPY, 3 for BHD). On the wire it is a decimal string plus a currency code; in
 * code a {@link BigDecimal} at the currency's scale; never a double.
 */
public record Money(BigDecimal amount, Currency currency) {

    /**
     * The largest amount one request may carry (one order, one refund, one rate): 10^9 units of
     * any currency. Balances are NUMERIC(38, 4), so no sum of capped amounts can overflow one.
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,15}(\\.\\d{1,4})?");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = fractionDigits(currency);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(amount + " is more precise than " + currency + " allows");
        }
        amount = amount.setScale(digits);
    }

    /**
     * Parses what a client sent. Errors name the field: {@code amountField} for a missing,
     * non-numeric or over-precise amount, {@code currencyField} for an unknown currency.
     */
    public static Money parse(String amount, String currencyCode, String amountField, String currencyField) {
        Currency currency = currency(currencyCode, currencyField);
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                    "must be a decimal number as a string, like \"12.50\"", amountField);
        }
        BigDecimal value = new BigDecimal(amount);
        if (value.abs().compareTo(MAX_AMOUNT) > 0) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be at most " + MAX_AMOUNT.toPlainString(), amountField);
        }
        int digits = fractionDigits(currency);
        if (value.stripTrailingZeros().scale() > digits) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED,
                    currency.getCurrencyCode() + " allows at most " + digits + " decimal places", amountField);
        }
        return new Money(value, currency);
    }

    public static Currency currency(String code, String field) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be an ISO 4217 currency code like \"USD\"", field);
        }
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, code + " is not a currency money can be paid in", field);
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, code + " is not an ISO 4217 currency", field);
        }
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    /** An amount read back from storage (any scale, e.g. NUMERIC(19,4)), at the currency's scale. */
    public static Money of(BigDecimal amount, String currencyCode) {
        return new Money(amount, Currency.getInstance(currencyCode));
    }

    private static int fractionDigits(Currency currency) {
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public Money plus(Money other) {
        sameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        sameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean exceeds(Money other) {
        sameCurrency(other);
        return amount.compareTo(other.amount) > 0;
    }

    /** The amount as the wire carries it: plain digits at the currency's scale, e.g. "12.50". */
    public String amountString() {
        return amount.toPlainString();
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    private void sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amountString() + " " + currencyCode();
    }
}
