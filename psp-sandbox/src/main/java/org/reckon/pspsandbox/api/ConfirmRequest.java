package org.reckon.pspsandbox.api;

import java.time.YearMonth;
import java.time.ZoneOffset;
import org.reckon.pspsandbox.domain.Card;

/**
 * {@code POST /api/v1/payments/{token}/confirm}: the hosted form's fields as JSON, for automated
 * tests. Holds card data only until {@link #card()} reduces it to brand and last four digits;
 * {@code toString} is overridden so the record can never print them.
 */
public record ConfirmRequest(String cardNumber, String holder, String expiry, String cvv) {

    Card card() {
        return Card.parse(cardNumber, holder, expiry, cvv, YearMonth.now(ZoneOffset.UTC));
    }

    @Override
    public String toString() {
        return "ConfirmRequest[card data redacted]";
    }
}
