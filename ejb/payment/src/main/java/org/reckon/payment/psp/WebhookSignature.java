package org.reckon.payment.psp;

import org.reckon.payment.domain.PaymentError;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * The PSP signs every webhook: header {@code PSP-Signature: t=<epoch seconds>,v1=<hex>} where
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Reckon accepts a webhook only if the MAC matches
 * (compared in constant time) and t is within five minutes of now, so a captured webhook cannot
 * be replayed later.
 */
public final class WebhookSignature {

    public static final String HEADER = "PSP-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(String secret, long epochSeconds, String body) {
        return "t=" + epochSeconds + ",v1=" + sign(secret, epochSeconds, body);
    }

    /**
     * Throws a 400 {@code INVALID_SIGNATURE} problem unless the header authenticates the body now
     * with one of the secrets (two during a rotation: the new one and the one being retired).
     */
    public static void verify(java.util.List<String> secrets, String header, String body, Instant now) {
        if (header == null || header.isBlank()) {
            throw invalid("missing " + HEADER + " header");
        }
        Long timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    throw invalid("timestamp is not a number");
                }
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (timestamp == null || v1 == null) {
            throw invalid(HEADER + " must be t=<epoch seconds>,v1=<hex HMAC-SHA256>");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            throw invalid("timestamp is more than 5 minutes from now: replayed or clock skew");
        }
        byte[] given = v1.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (String secret : secrets) { // every secret is tried, so the time taken does not tell which matched
            matches |= MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII), given);
        }
        if (!matches) {
            throw invalid("signature does not match the body");
        }
    }

    public static void verify(String secret, String header, String body, Instant now) {
        verify(java.util.List.of(secret), header, body, now);
    }

    private static ReckonException invalid(String detail) {
        return new ReckonException(PaymentError.INVALID_SIGNATURE, detail, HEADER);
    }
}
