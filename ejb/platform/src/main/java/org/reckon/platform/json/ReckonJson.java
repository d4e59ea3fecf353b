package org.reckon.platform.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The one JSON convention of the platform: snake_case names, nulls omitted, whole numbers
 * exact ({@link WholeNumbers}). Used by the HTTP
 * edge and wherever JSON is stored (idempotent responses) or sent (messages), so the three
 * never disagree.
 */
public final class ReckonJson {

    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(false)
            .withDeserializers(new WholeNumbers.Ints(), new WholeNumbers.Longs(), new WholeNumbers.Booleans()));

    private ReckonJson() {
    }

    public static String toJson(Object value) {
        return JSONB.toJson(value);
    }
}
