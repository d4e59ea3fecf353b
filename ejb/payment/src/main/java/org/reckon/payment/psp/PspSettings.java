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

    public static final String WEBHOOK_SECRET = "reckon.psp.webhook-secret";
    /** During a rotation, the secret being retired: webhooks signed with either are accepted. */
    public static final String PREVIOUS_WEBHOOK_SECRET = "reckon.psp.webhook-secret.previous";
    public static final String API_KEY = "reckon.psp.api-key";
    /** The sandbox's own secret, printed on its index page: fine in dev and test, refused in prod. */
    public static final String SANDBOX_WEBHOOK_SECRET = "whsec_reckon_sandbox";
    /** The test environment's "previous" secret (test.properties), to exercise a rotation. */
    public static final String TEST_PREVIOUS_WEBHOOK_SECRET = "whsec_reckon_rotated_out";
    public static final String SANDBOX_API_KEY = "psp_sandbox_key";

    @Inject
    @ConfigProperty(name = "reckon.psp.url", defaultValue = "http://localhost:8080/psp-sandbox")
    String url;

    @Inject
    @ConfigProperty(name = WEBHOOK_SECRET, defaultValue = SANDBOX_WEBHOOK_SECRET)
    String webhookSecret;

    @Inject
    @ConfigProperty(name = PREVIOUS_WEBHOOK_SECRET)
    java.util.Optional<String> previousWebhookSecret;

    /** Sent to the PSP as {@code Authorization: Bearer <key>} on every call. */
    @Inject
    @ConfigProperty(name = API_KEY, defaultValue = SANDBOX_API_KEY)
    String apiKey;

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

    /** Other origins the PSP's hosted pages may live on (comma-separated, e.g. https://pay.psp.example). */
    @Inject
    @ConfigProperty(name = "reckon.psp.hosted-page-origins", defaultValue = " ")
    String hostedPageOrigins;

    /**
     * Whether a hosted-page URL the PSP supplied may be shown to a buyer: an http(s) URL on the
     * PSP's own origin (that of reckon.psp.url) or one of reckon.psp.hosted-page-origins. A page
     * follows it as a link or a redirect, so anything else (javascript:, another site) is refused.
     */
    public boolean isPspPage(String candidate) {
        java.util.List<String> origins = new java.util.ArrayList<>(java.util.List.of(url));
        for (String extra : hostedPageOrigins.split(",")) {
            if (!extra.isBlank()) {
                origins.add(extra.trim());
            }
        }
        return isPage(candidate, origins);
    }

    static boolean isPage(String candidate, java.util.List<String> origins) {
        if (candidate == null) {
            return false;
        }
        try {
            java.net.URI page = new java.net.URI(candidate);
            if (!("https".equals(page.getScheme()) || "http".equals(page.getScheme())) || page.getHost() == null
                    || page.getRawUserInfo() != null) {
                return false;
            }
            for (String origin : origins) {
                java.net.URI o = java.net.URI.create(origin);
                if (o.getScheme().equals(page.getScheme()) && o.getHost().equalsIgnoreCase(page.getHost())
                        && port(o) == port(page)) {
                    return true;
                }
            }
            return false;
        } catch (java.net.URISyntaxException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static int port(java.net.URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** The secrets a webhook may be signed with: the current one, and the previous one during a rotation. */
    public java.util.List<String> webhookSecrets() {
        return previousWebhookSecret.filter(s -> !s.isBlank() && !s.equals(webhookSecret))
                .map(previous -> java.util.List.of(webhookSecret, previous))
                .orElse(java.util.List.of(webhookSecret));
    }

    public String apiKey() {
        return apiKey;
    }

    public String webhookUrl() {
        return publicUrl + "/v1/psp/webhooks";
    }

    /** The Reckon page the PSP's hosted page sends the buyer back to: the checkout's own, or the checkout page. */
    public String returnUrl(String checkoutId, String returnPath) {
        return publicUrl + (returnPath != null ? returnPath : "/checkout.html?checkout_id=" + checkoutId);
    }
}
