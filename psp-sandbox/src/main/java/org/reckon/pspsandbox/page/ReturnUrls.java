package org.reckon.pspsandbox.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where the buyer goes after paying: the merchant's return_url plus {@code payment_order_id=<nonce>}. */
final class ReturnUrls {

    private ReturnUrls() {
    }

    /** Appends the parameter before any fragment, with '?' or '&' as the URL needs. */
    static String withPaymentOrderId(String returnUrl, String nonce) {
        int hash = returnUrl.indexOf('#');
        String base = hash < 0 ? returnUrl : returnUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : returnUrl.substring(hash);
        String separator = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + separator + "payment_order_id=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8) + fragment;
    }
}
