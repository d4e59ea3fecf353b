package org.reckon.pspsandbox.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.reckon.pspsandbox.domain.Card;
import org.reckon.pspsandbox.fault.FaultInjected;
import org.reckon.pspsandbox.platform.KeyedLocks;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.service.NewPayment;
import org.reckon.pspsandbox.service.PaymentConfirmation;
import org.reckon.pspsandbox.service.PaymentRegistration;
import org.reckon.pspsandbox.service.Registration;

/**
 * The payments API: register (idempotent on the nonce), query by nonce, confirm by token. Each
 * call's transaction ends inside the bean it calls, before this method returns, which is what
 * lets the drop-response fault lose an answer whose work has committed.
 */
@Path("api/v1/payments")
@RequestScoped
@FaultInjected
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    @Inject
    PaymentRegistration registration;

    @Inject
    PaymentConfirmation confirmation;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(RegisterPaymentRequest request) {
        NewPayment payment = required(request).validate();
        Registration result = KeyedLocks.withLock("nonce:" + payment.nonce(), () -> registration.register(payment));
        PaymentView view = PaymentView.of(result.payment(), uriInfo.getBaseUri());
        return result.created()
                ? Response.created(uriInfo.getAbsolutePathBuilder().path(view.nonce()).build()).entity(view).build()
                : Response.ok(view).build();
    }

    /** The status query: what the sandbox knows about a nonce, for a merchant that missed a webhook. */
    @GET
    @Path("{nonce}")
    public PaymentView status(@PathParam("nonce") String nonce) {
        return registration.byNonce(nonce).map(p -> PaymentView.of(p, uriInfo.getBaseUri()))
                .orElseThrow(() -> new PspException(PspError.NOT_FOUND, "No payment with nonce " + nonce));
    }

    /** Pays with a card as the hosted page would; answers the payment as decided. */
    @POST
    @Path("{token}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public PaymentView confirm(@PathParam("token") String token, ConfirmRequest request) {
        Card card = required(request).card();
        return PaymentView.of(confirmation.confirm(token, card), uriInfo.getBaseUri());
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new PspException(PspError.MALFORMED_REQUEST, "A JSON request body is required");
        }
        return body;
    }
}
