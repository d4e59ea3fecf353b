package org.reckon.pspsandbox.webhook;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The HMAC secret shared with the receiver: MicroProfile Config (so a system property, an
 * environment variable PSP_SANDBOX_WEBHOOK_SECRET or a server config source) key
 * {@code psp.sandbox.webhook-secret}, default {@code whsec_reckon_sandbox}, which is also
 * Reckon's default. Read per delivery round, so changing the property needs no redeploy.
 */
public final class WebhookSecret {

    public static final String KEY = "psp.sandbox.webhook-secret";
    public static final String DEFAULT = "whsec_reckon_sandbox";

    private WebhookSecret() {
    }

    public static String current() {
        return ConfigProvider.getConfig().getOptionalValue(KEY, String.class).orElse(DEFAULT);
    }
}
