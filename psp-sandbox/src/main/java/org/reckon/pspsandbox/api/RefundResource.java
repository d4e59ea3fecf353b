package org.reckon.pspsandbox.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.reckon.pspsandbox.fault.FaultInjected;
import org.reckon.pspsandbox.platform.KeyedLocks;
import org.reckon.pspsandbox.service.RefundCommand;
import org.reckon.pspsandbox.service.RefundOutcome;
import org.reckon.pspsandbox.service.Refunds;

/** Refunds of a payment: 201 for a new refund, 200 for a repeat of a known refund_id. */
@Path("api/v1/payments/{nonce}/refunds")
@RequestScoped
@FaultInjected
@Produces(MediaType.APPLICATION_JSON)
public class RefundResource {

    @Inject
    Refunds refunds;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("nonce") String nonce, RefundRequest request) {
        RefundCommand command = PaymentResource.required(request).validate();
        RefundOutcome outcome = KeyedLocks.withLock("refund:" + command.refundId(), () -> refunds.refund(nonce, command));
        return Response.status(outcome.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(RefundView.of(outcome.refund())).build();
    }
}
