package org.reckon.pspsandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code PSP-Signature} header: {@code t=<epoch seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body bytes>")>}. The timestamp is inside the MAC, so a receiver can refuse old
 * deliveries (replays); each retry is signed afresh with its own send time.
 */
public final class WebhookSigner {

    public static final String HEADER = "PSP-Signature";

    private WebhookSigner() {
    }

    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hmacHex(secret, epochSeconds, body);
    }

    static String hmacHex(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
