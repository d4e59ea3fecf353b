package org.reckon.leaderboard.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /v1/leaderboard/events}: Server-Sent Events for the leaderboard page (public, like the
 * boards). First {@code hello}, then {@code scores} with {@code {"month":"YYYY-MM"}} whenever that
 * month's board changed; the page then reads its board again. The stream ends after
 * {@code max_seconds} (default 300); EventSource reconnects by itself.
 */
@Path("/leaderboard/events")
@ApplicationScoped
public class ScoreEventsResource {

    @Inject
    ScoreStream stream;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "An event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    public void events(@QueryParam("max_seconds") @DefaultValue("300") @Min(0) @Max(3600) int maxSeconds,
                       @Context SseEventSink sink, @Context Sse sse) {
        sink.send(sse.newEventBuilder().name("hello").data("{}").reconnectDelay(1000).build());
        if (maxSeconds == 0) {
            sink.close();
            return;
        }
        stream.register(sse, sink, maxSeconds);
    }
}
