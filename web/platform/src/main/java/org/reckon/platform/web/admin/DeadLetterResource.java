package org.reckon.platform.web.admin;

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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.platform.messaging.DeadLetter;
import org.reckon.platform.messaging.DeadLetters;
import org.reckon.platform.messaging.PlatformTopic;
import org.reckon.platform.messaging.ReckonQueue;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.Listing;

/**
 * Staff: dead letters of each queue ({@code payment-retry}, {@code payment-execution},
 * {@code search-indexing}, {@code domain-events}): browse, replay one, replay all.
 */
@Path("/admin/dead-letters/{queue}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class DeadLetterResource {

    @EJB
    DeadLetters deadLetters;

    @GET
    public Listing<DeadLetter> browse(@PathParam("queue") String queue,
                                   @QueryParam("max") @DefaultValue("100") @Min(1) @Max(1000) int max) {
        return Listing.capped(deadLetters.browse(queue(queue), max), max);
    }

    @POST
    @Path("/{jms_message_id}/replay")
    public Replayed replay(@PathParam("queue") String queue, @PathParam("jms_message_id") String jmsMessageId) {
        if (!deadLetters.replay(queue(queue), jmsMessageId)) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no dead letter " + jmsMessageId + " in " + queue, "jms_message_id");
        }
        return new Replayed(1);
    }

    @POST
    @Path("/replay-all")
    public Replayed replayAll(@PathParam("queue") String queue,
                              @QueryParam("max") @DefaultValue("1000") @Min(1) @Max(10000) int max) {
        return new Replayed(deadLetters.replayAll(queue(queue), max));
    }

    /** A queue the broker has (its dead-letter queue is bound in JNDI), by its admin name. */
    static ReckonQueue queue(String name) {
        ReckonQueue queue;
        try {
            queue = PlatformTopic.ofSlug(name).map(ReckonQueue.class::cast).orElseGet(() -> ReckonQueue.ofSlug(name));
        } catch (IllegalArgumentException e) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no queue " + name + "; queues are named like payment-retry", "queue");
        }
        try {
            new javax.naming.InitialContext().lookup(queue.deadLetterJndiName());
        } catch (javax.naming.NamingException e) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "no queue " + name + " (no " + queue.deadLetterQueueName()
                    + " on the broker); queues are named like payment-retry", "queue");
        }
        return queue;
    }

    public record Replayed(int replayed) {
    }
}
