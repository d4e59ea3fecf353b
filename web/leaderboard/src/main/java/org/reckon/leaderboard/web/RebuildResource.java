package org.reckon.leaderboard.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.leaderboard.Boards;
import org.reckon.leaderboard.RebuildJobs;
import org.reckon.shared.Listing;

/**
 * Staff: the rebuild job that refills a month's Redis board from PostgreSQL. POST starts one
 * (202, its id); GET reads its progress (players read and written of total).
 */
@Path("/admin/leaderboard/rebuild")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class RebuildResource {

    @EJB
    RebuildJobs jobs;

    @EJB
    Boards boards;

    @Context
    UriInfo uriInfo;

    @GET
    public Listing<RebuildJobs.Execution> executions(@QueryParam("max") @DefaultValue("20") @Min(1) @Max(200) int max) {
        return Listing.capped(jobs.recent(max), max);
    }

    @GET
    @Path("/{execution_id: [0-9]{1,18}}")
    public RebuildJobs.Execution execution(@PathParam("execution_id") long executionId) {
        return jobs.execution(executionId);
    }

    @POST
    @APIResponse(responseCode = "202", description = "Started; Location names the execution",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    required = true, requiredProperties = "execution_id",
                    properties = @SchemaProperty(name = "execution_id", type = SchemaType.INTEGER, format = "int64"))))
    public Response start(@QueryParam("month") String month) {
        long id = jobs.start(boards.month(month));
        return Response.accepted(Map.of("execution_id", id))
                .location(uriInfo.getAbsolutePathBuilder().path(Long.toString(id)).build()).build();
    }
}
