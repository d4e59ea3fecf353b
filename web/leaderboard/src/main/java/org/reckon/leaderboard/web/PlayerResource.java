package org.reckon.leaderboard.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.leaderboard.Scores;

/** Game servers register a player (or rename one) before posting their scores: {@code PUT /v1/players/{user_id}}. */
@Path("/players")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("game")
@SecurityRequirement(name = "basic")
public class PlayerResource {

    @EJB
    Scores scores;

    @PUT
    @Path("/{user_id: [A-Za-z0-9][A-Za-z0-9._-]{0,63}}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, required = true, requiredProperties = {"user_id", "user_name"},
                    properties = {@SchemaProperty(name = "user_id", type = SchemaType.STRING),
                            @SchemaProperty(name = "user_name", type = SchemaType.STRING)})))
    @APIResponse(responseCode = "200", description = "Known before: renamed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, required = true, requiredProperties = {"user_id", "user_name"},
                    properties = {@SchemaProperty(name = "user_id", type = SchemaType.STRING),
                            @SchemaProperty(name = "user_name", type = SchemaType.STRING)})))
    public Response register(@PathParam("user_id") String userId, @NotNull @Valid PlayerRequest r) {
        boolean created = scores.register(userId, r.userName());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(Map.of("user_id", userId, "user_name", r.userName())).build();
    }
}
