package org.reckon.pspsandbox.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The sandbox's JSON convention: snake_case names; nulls omitted unless a type opts in with
 * {@code @JsonbNillable} (the payment and webhook bodies do, so every contract field is present).
 * Used for HTTP bodies and for the webhook payloads stored in the outbox, so the two never differ.
 */
public final class SandboxJson {

    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(false));

    private SandboxJson() {
    }

    public static String toJson(Object value) {
        return JSONB.toJson(value);
    }
}
