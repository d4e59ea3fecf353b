package org.reckon.pspsandbox.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known vectors computed outside Java: printf '%s' '<t>.<body>' | openssl dgst -sha256 -hmac <secret>. */
class WebhookSignerTest {

    private static final String SECRET = "whsec_reckon_sandbox";

    @Test
    void signsTimestampDotRawBodyWithHmacSha256InLowercaseHex() {
        byte[] body = "{\"event_id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("t=1700000000,v1=160fc9f41c07043a7444bff284f13206dcd19a533eae9c653fe0e3fa5d6e243b",
                WebhookSigner.header(SECRET, 1700000000L, body));
    }

    @Test
    void aSecondKnownVector() {
        byte[] body = "{\"data\":{\"amount\":\"10.00\"}}".getBytes(StandardCharsets.UTF_8);
        assertEquals("1e3f49c57897ef65bf9b1dad3ea658ee8bb96b2198bb03388ed33c44a3e6a8bc",
                WebhookSigner.hmacHex(SECRET, 1700000000L, body));
    }

    @Test
    void theTimestampIsPartOfTheSignedText() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(WebhookSigner.hmacHex(SECRET, 1L, body), WebhookSigner.hmacHex(SECRET, 2L, body));
    }

    @Test
    void anotherSecretGivesAnotherSignature() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(WebhookSigner.hmacHex(SECRET, 1L, body), WebhookSigner.hmacHex("whsec_other", 1L, body));
    }
}
