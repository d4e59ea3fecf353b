package org.reckon.pspsandbox.api;

import java.util.regex.Pattern;
import org.reckon.pspsandbox.domain.Money;
import org.reckon.pspsandbox.problem.Violations;
import org.reckon.pspsandbox.service.NewPayment;

/**
 * {@code POST /api/v1/payments}. The nonce is the merchant's idempotency key and appears in
 * URLs, so it is restricted to URL-safe characters. return_url may be absent: the hosted page
 * then shows the result instead of redirecting.
 */
public record RegisterPaymentRequest(
        String nonce,
        String amount,
        String currency,
        String merchantReference,
        String returnUrl,
        String webhookUrl) {

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    static final String KEY_RULE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'";

    /** The validated registration; throws a 400 problem naming every bad field. */
    NewPayment validate() {
        Violations v = new Violations();
        if (nonce == null || nonce.isBlank()) {
            v.add("nonce", "is required");
        } else if (!KEY.matcher(nonce).matches()) {
            v.add("nonce", KEY_RULE);
        }
        Money money = Money.parse(amount, currency, v);
        if (money != null && !money.isPositive()) {
            v.add("amount", "must be greater than 0");
        }
        if (merchantReference != null && merchantReference.length() > 200) {
            v.add("merchant_reference", "must be at most 200 characters");
        }
        Urls.check("return_url", returnUrl, false, v);
        Urls.check("webhook_url", webhookUrl, true, v);
        v.throwIfAny();
        return new NewPayment(nonce, money, merchantReference, blankToNull(returnUrl), webhookUrl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
