package org.reckon.pspsandbox.platform;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random identifiers. Tokens are bearer capabilities for the hosted page, so they come from
 * {@link SecureRandom} and carry 192 bits; references and event ids only need to be unique.
 * All are URL-safe and contain no comma (they appear in CSV).
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    public static String token() {
        return "tok_" + random(24);
    }

    public static String pspReference() {
        return "psp_" + random(12);
    }

    public static String eventId() {
        return "evt_" + random(12);
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return URL_SAFE.encodeToString(buffer);
    }
}
