package org.reckon.payment.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.reckon.payment.PaymentCheckouts;
import org.reckon.payment.PaymentOrderWaits;
import org.reckon.payment.PaymentRefunds;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.api.NewCheckout;
import org.reckon.payment.api.RefundView;
import org.reckon.payment.api.Viewer;
import org.reckon.payment.domain.PaymentOrderHistory;
import org.reckon.platform.idempotency.Idempotency;
import org.reckon.platform.longpoll.LongPoll;
import org.reckon.shared.Listing;
import org.reckon.shared.money.Money;
import org.reckon.platform.idempotency.Idempotent;
import org.reckon.payment.domain.PaymentDatabase;

/**
 * Pay-in (chapter 11, Tables 11.1 and 11.2). Creating and refunding need an {@code Idempotency-Key},
 * handled by the platform ({@link Idempotent}, keys in the payment database): the first response
 * is stored with the effect and replayed for the same key, target and body (with
 * {@code Idempotent-Replayed: true}); the same key with another body or target is 422; while the
 * first request with a key is still running, another gets 409 and should retry. Keys are per
 * user and kept 24 hours.
 * Customers see only their own payments; staff see all. Someone else's payment is "not found".
 */
@Path("/payments")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basic")
public class PaymentResource {

    static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";
    static final String KEY_MESSAGE = "must be 1 to 255 visible ASCII characters";

    @EJB
    PaymentCheckouts checkouts;

    @EJB
    PaymentRefunds refunds;

    @Inject
    LongPoll longPoll;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"customer", "staff"})
    @APIResponse(responseCode = "201", description = "Created, or the first answer replayed (Idempotent-Replayed: true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckoutView.class)))
    @Idempotent(database = PaymentDatabase.KEY)
    public Response create(
            @HeaderParam("Idempotency-Key") @NotBlank @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
            String idempotencyKey,
            @NotNull @Valid CreatePaymentRequest request) {
        CheckoutView view = checkouts.create(command(request));
        URI location = uriInfo.getBaseUriBuilder().path("payments").queryParam("checkout_id", view.checkoutId()).build();
        return Response.created(location).entity(view).build();
    }

    @POST
    @Path("/{payment_order_id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"customer", "staff"})
    @APIResponse(responseCode = "201", description = "Refunded, or the first answer replayed (Idempotent-Replayed: true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefundView.class)))
    @Idempotent(database = PaymentDatabase.KEY)
    public Response refund(
            @PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId,
            @HeaderParam("Idempotency-Key") @NotBlank @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
            String idempotencyKey,
            @NotNull @Valid RefundRequest request) {
        // the refund id is derived from the key: a retry after a lost answer refunds once at the PSP
        String refundId = "rf_" + Idempotency.hash(security.getUserPrincipal().getName() + ":" + idempotencyKey)
                .substring(0, 32);
        Money amount = Money.parse(request.amount(), request.currency(), "amount", "currency");
        RefundView view = refunds.refund(paymentOrderId, refundId, amount, viewer());
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    /** {@code POST /v1/payments/{id}/refunds}: amount as a decimal string in the payment's currency. */
    public record RefundRequest(@NotBlank String amount, @NotBlank String currency) {
    }

    @GET
    @RolesAllowed({"customer", "staff"})
    public CheckoutView byCheckout(@QueryParam("checkout_id") @NotBlank @Size(max = 100) String checkoutId) {
        return checkouts.checkout(checkoutId, viewer());
    }

    /**
     * One payment order. With {@code If-None-Match} (its ETag) and {@code Prefer: wait=N} the answer
     * waits up to N seconds (at most 30) for the order to change: 200 with the new state, or 304
     * when nothing changed ({@link LongPoll}); a client waits for its payment's outcome so instead
     * of polling.
     */
    @GET
    @Path("/{payment_order_id}")
    @RolesAllowed({"customer", "staff"})
    @APIResponse(responseCode = "200", description = "The payment order, with its ETag (at once, or once it changed while the client waited)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckoutView.OrderView.class)))
    @APIResponse(responseCode = "304", description = "Not modified: the order still has the ETag of If-None-Match (after the wait of Prefer: wait=N, if asked)")
    public void order(@PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId,
                      @HeaderParam("If-None-Match") String ifNoneMatch,
                      @HeaderParam("Prefer") String prefer,
                      @Suspended AsyncResponse async) {
        Viewer viewer = viewer();
        PaymentCheckouts reads = checkouts; // the waiter reads again after this request's scope has ended
        longPoll.answer(async, PaymentOrderWaits.key(paymentOrderId), () -> reads.order(paymentOrderId, viewer), ifNoneMatch, prefer);
    }

    @GET
    @Path("/{payment_order_id}/history")
    @RolesAllowed("staff")
    public Listing<HistoryEntry> history(@PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId) {
        return Listing.all(checkouts.history(paymentOrderId).stream().map(HistoryEntry::of).toList());
    }

    private Viewer viewer() {
        return new Viewer(security.getUserPrincipal().getName(), security.isUserInRole("staff"));
    }

    private NewCheckout command(CreatePaymentRequest r) {
        List<NewCheckout.NewOrder> orders = r.paymentOrders().stream()
                .map(o -> new NewCheckout.NewOrder(o.paymentOrderId(), o.sellerAccount(), o.amount(), o.currency()))
                .toList();
        return new NewCheckout(r.checkoutId(), security.getUserPrincipal().getName(), r.buyerInfo().name(),
                r.buyerInfo().email(), r.creditCardInfo() == null ? null : r.creditCardInfo().pspToken(), orders, null, null);
    }

    public record HistoryEntry(String fromStatus, String toStatus, String cause, java.time.Instant changedAt) {
        static HistoryEntry of(PaymentOrderHistory h) {
            return new HistoryEntry(h.fromStatus() == null ? null : h.fromStatus().name(), h.toStatus().name(),
                    h.cause(), h.changedAt());
        }
    }
}
