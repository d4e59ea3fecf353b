package org.reckon.leaderboard.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.leaderboard.Boards;
import org.reckon.leaderboard.ScoreWriter;
import org.reckon.leaderboard.Scores;
import org.reckon.leaderboard.domain.MatchResult;

/**
 * The chapter's API. {@code POST /v1/scores} is for game servers only (role {@code game}): a
 * player posting their own score is 403. It carries the match's id, so a result counts once
 * whether it is posted again or also arrives on the MatchResults queue (201 the first time, 200
 * with the same answer after). The reads are public and take {@code ?month=YYYY-MM} (default: the
 * current month in UTC; a bad or future month is 400 naming month).
 */
@Path("/scores")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    private static final String USER_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    @EJB
    Boards boards;

    @EJB
    ScoreWriter writer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("game")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "201", description = "Counted", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Scores.Recorded.class)))
    @APIResponse(responseCode = "200", description = "This match_id was counted before: nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Scores.Recorded.class)))
    public Response post(@NotNull @Valid ScoreRequest r) {
        Scores.Recorded recorded = writer.record(r.matchId(), r.userId(), r.points(), MatchResult.Source.HTTP);
        return Response.status(recorded.applied() ? Response.Status.CREATED : Response.Status.OK).entity(recorded).build();
    }

    /** The top 10 of the month, with the number of players on its board. */
    @GET
    public Boards.Board top(@QueryParam("month") String month) {
        return boards.top(boards.month(month));
    }

    /** A player's rank and score, with the four players above and the four below. */
    @GET
    @Path("/{user_id: " + USER_ID + "}")
    public Boards.Neighbourhood player(@PathParam("user_id") String userId, @QueryParam("month") String month) {
        return boards.around(boards.month(month), userId);
    }
}
