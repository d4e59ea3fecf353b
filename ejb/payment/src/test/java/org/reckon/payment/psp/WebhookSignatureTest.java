package org.reckon.payment.psp;

import org.reckon.payment.domain.PaymentError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final String BODY = "{\"event_id\":\"evt_1\",\"type\":\"payment.succeeded\"}";
    private final Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void matchesAnIndependentlyComputedHmacSha256() {
        // python3: hmac.new(b"whsec_test", b"1800000000." + body, hashlib.sha256).hexdigest()
        assertEquals("6ea7a2b184341942f5c7678b95a1fb318fa1d8f9f30ff7e09e046ac64639aa9a",
                WebhookSignature.sign(SECRET, 1_800_000_000L, BODY));
    }

    @Test
    void aFreshCorrectSignatureIsAccepted() {
        String header = WebhookSignature.header(SECRET, now.getEpochSecond() - 60, BODY);
        assertDoesNotThrow(() -> WebhookSignature.verify(SECRET, header, BODY, now));
    }

    @Test
    void aForgedTamperedStaleOrMissingSignatureIsRejected() {
        long t = now.getEpochSecond();
        assertRejected(WebhookSignature.header("someone-else", t, BODY), BODY);
        assertRejected(WebhookSignature.header(SECRET, t, BODY), BODY.replace("succeeded", "failed"));
        assertRejected(WebhookSignature.header(SECRET, t - 301, BODY), BODY);
        assertRejected(WebhookSignature.header(SECRET, t + 301, BODY), BODY);
        assertRejected(null, BODY);
        assertRejected("v1=abc", BODY);
        assertRejected("t=soon,v1=abc", BODY);
    }

    @Test
    void duringARotationBothSecretsAreAcceptedAndNoThird() {
        long t = now.getEpochSecond();
        java.util.List<String> rotation = java.util.List.of("whsec_new", SECRET);
        assertDoesNotThrow(() -> WebhookSignature.verify(rotation, WebhookSignature.header(SECRET, t, BODY), BODY, now));
        assertDoesNotThrow(() -> WebhookSignature.verify(rotation, WebhookSignature.header("whsec_new", t, BODY), BODY, now));
        ReckonException e = assertThrows(ReckonException.class, () -> WebhookSignature.verify(rotation,
                WebhookSignature.header("whsec_other", t, BODY), BODY, now));
        assertEquals(PaymentError.INVALID_SIGNATURE, e.code());
    }

    private void assertRejected(String header, String body) {
        ReckonException e = assertThrows(ReckonException.class, () -> WebhookSignature.verify(SECRET, header, body, now));
        assertEquals(PaymentError.INVALID_SIGNATURE, e.code());
        assertEquals("PSP-Signature", e.field());
    }
}
