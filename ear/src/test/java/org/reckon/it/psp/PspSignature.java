package org.reckon.it.psp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a {@code PSP-Signature} header the way a receiver must: HMAC-SHA256 over
 * {@code "<t>.<raw body>"} with the shared secret, compared in constant time, t recent.
 * Written here from the contract, independently of both the sandbox's and Reckon's code.
 */
final class PspSignature {

    static final String SANDBOX_SECRET = "whsec_reckon_sandbox";
    private static final long TOLERANCE_SECONDS = 300;

    private PspSignature() {
    }

    /** Null if the header authenticates the body now, else why not. */
    static String problemWith(String header, byte[] rawBody, String secret) {
        if (header == null) {
            return "no PSP-Signature header";
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0].trim(), kv[1].trim());
            }
        }
        if (!parts.containsKey("t") || !parts.containsKey("v1")) {
            return "header is not t=...,v1=...: " + header;
        }
        long t = Long.parseLong(parts.get("t"));
        if (Math.abs(Instant.now().getEpochSecond() - t) > TOLERANCE_SECONDS) {
            return "timestamp " + t + " is not recent";
        }
        String expected = hmacHex(secret, parts.get("t"), rawBody);
        if (!parts.get("v1").equals(parts.get("v1").toLowerCase())) {
            return "v1 is not lowercase hex";
        }
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.get("v1").getBytes(StandardCharsets.US_ASCII));
        return same ? null : "v1 does not match the body (expected " + expected + ")";
    }

    private static String hmacHex(String secret, String t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
