package org.reckon.platform.web.ping;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /v1/ping}: public, touches no database, broker or cache. A client can check that the
 * API answers; {@code benchmark/request-path.sh} measures the JAX-RS stack alone with it (issue 15).
 */
@Path("/ping")
@ApplicationScoped
public class PingResource {

    private static final Map<String, String> PONG = Map.of("status", "ok");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The API answers", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, required = true, requiredProperties = {"status"},
                    properties = @SchemaProperty(name = "status", type = SchemaType.STRING, enumeration = "ok"))))
    public Map<String, String> ping() {
        return PONG;
    }
}
