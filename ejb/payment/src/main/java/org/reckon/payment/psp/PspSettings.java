package org.reckon.payment.psp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the PSP is and how it signs, and where it should send buyers and webhooks back.
 * Defaults point at the PSP sandbox deployed beside Reckon on a dev server.
 */
@ApplicationScoped
public class PspSettings {

    @Inject
    @ConfigProperty(name = "reckon.psp.url", defaultValue = "http://localhost:8080/psp-sandbox")
    String url;

    @Inject
    @ConfigProperty(name = "reckon.psp.webhook-secret", defaultValue = "whsec_reckon_sandbox")
    String webhookSecret;

    @Inject
    @ConfigProperty(name = "reckon.public.url", defaultValue = "http://localhost:8080")
    String publicUrl;

    /** How long a PSP call may take before it counts as a timeout (retried; the nonce makes the retry safe). */
    @Inject
    @ConfigProperty(name = "reckon.psp.timeout", defaultValue = "PT10S")
    java.time.Duration timeout;

    public java.time.Duration timeout() {
        return timeout;
    }

    public String url() {
        return url;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public String webhookUrl() {
        return publicUrl + "/v1/psp/webhooks";
    }

    /** The Reckon page the PSP's hosted page sends the buyer back to: the checkout's own, or the checkout page. */
    public String returnUrl(String checkoutId, String returnPath) {
        return publicUrl + (returnPath != null ? returnPath : "/checkout.html?checkout_id=" + checkoutId);
    }
}
