package org.reckon.platform.web;

import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import org.reckon.platform.json.ReckonJson;

/**
 * One JSON convention for the whole API: snake_case names (the seed mixes snake_case in payments
 * with camelCase in reservations; we do not). Records at the edge are written in Java's
 * camelCase and travel as snake_case. The configuration itself is {@link ReckonJson}.
 */
@Provider
public class JsonbConfiguration implements ContextResolver<Jsonb> {

    @Override
    public Jsonb getContext(Class<?> type) {
        return ReckonJson.JSONB;
    }
}
