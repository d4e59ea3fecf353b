package org.reckon.payment.web;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.reckon.payment.PspWebhookBatches;
import org.reckon.payment.psp.PspSettings;
import org.reckon.payment.psp.PspWebhookEvent;
import org.reckon.payment.psp.WebhookSignature;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.longpoll.Resume;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * {@code POST /v1/psp/webhooks}: the PSP's asynchronous status notifications (Figure 11.4,
 * step 9). No user authenticates here; the HMAC signature over the raw body does, and a
 * signature older than five minutes is refused. A 2xx tells the PSP to stop retrying, so it is
 * sent only after the event's effect committed (or was found applied before). Webhooks that
 * arrive together share a transaction ({@link PspWebhookBatches}); the request is suspended while
 * its event waits for that transaction, so waiting webhooks hold no HTTP worker thread.
 */
@Path("/psp/webhooks")
@ApplicationScoped
@PermitAll
public class PspWebhookResource {

    @Inject
    PspSettings settings;

    @Inject
    PspWebhookBatches webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The event's effect committed, or it had been applied before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Received.class)))
    public void receive(@HeaderParam(WebhookSignature.HEADER) String signature,
                        @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = PspWebhookEvent.class))) String rawBody,
                        @Suspended AsyncResponse async) {
        WebhookSignature.verify(settings.webhookSecrets(), signature, rawBody == null ? "" : rawBody, Instant.now());
        PspWebhookEvent event;
        try {
            event = ReckonJson.JSONB.fromJson(rawBody, PspWebhookEvent.class);
        } catch (JsonbException e) {
            throw new ReckonException(ErrorCode.MALFORMED_REQUEST, "webhook body is not a PSP event", "body");
        }
        if (event == null) {
            throw new ReckonException(ErrorCode.MALFORMED_REQUEST, "webhook body is not a PSP event", "body");
        }
        String eventId = event.eventId();
        // the event's own error is mapped to its problem+json as if thrown here
        Resume.when(async, webhooks.applyAsync(event).thenApply(applied -> new Received(eventId, applied ? "applied" : "duplicate")));
    }

    public record Received(String eventId, String result) {
    }
}
