package org.reckon.pspsandbox.api;

import jakarta.json.bind.annotation.JsonbNillable;
import java.net.URI;
import java.time.Instant;
import org.reckon.pspsandbox.domain.Payment;

/**
 * A payment as every payments endpoint answers it. All fields are always present (null when not
 * applicable: psp_reference before success, failure_reason unless failed). hosted_page_url is
 * built from the request's own base URI, so it is right behind whatever host name was used.
 */
@JsonbNillable
public record PaymentView(
        String token,
        String nonce,
        String status,
        String hostedPageUrl,
        String amount,
        String currency,
        String pspReference,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    public static PaymentView of(Payment p, URI baseUri) {
        return new PaymentView(p.token(), p.nonce(), p.status().wire(), hostedPageUrl(baseUri, p.token()),
                p.money().amountString(), p.money().currencyCode(), p.pspReference(), p.failureReason(),
                p.createdAt(), p.updatedAt());
    }

    static String hostedPageUrl(URI baseUri, String token) {
        return baseUri.resolve("pay/" + token).toString();
    }
}
