package org.reckon.pspsandbox.platform;

import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Makes JAX-RS read and write JSON with {@link SandboxJson}: snake_case on the wire. */
@Provider
public class JsonbConfiguration implements ContextResolver<Jsonb> {

    @Override
    public Jsonb getContext(Class<?> type) {
        return SandboxJson.JSONB;
    }
}
