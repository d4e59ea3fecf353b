package org.reckon.payment.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.payment.PaymentCheckouts;
import org.reckon.payment.PaymentRefunds;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.api.NewCheckout;
import org.reckon.payment.api.RefundView;
import org.reckon.payment.api.Viewer;
import org.reckon.payment.domain.PaymentOrderHistory;
import org.reckon.platform.idempotency.Claim;
import org.reckon.platform.idempotency.Idempotency;
import org.reckon.platform.idempotency.IdempotencyKey;
import org.reckon.platform.idempotency.KeysInFlight;
import org.reckon.platform.json.Listing;
import org.reckon.platform.json.ReckonJson;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * Pay-in (chapter 11, Tables 11.1 and 11.2). Creating needs an {@code Idempotency-Key}: the first
 * response is stored and replayed for the same key and body (with {@code Idempotent-Replayed:
 * true}); the same key with another body is 422; while the first request with a key is still
 * running, another gets 409 and should retry. Keys are per user and kept 24 hours.
 * Customers see only their own payments; staff see all. Someone else's payment is "not found".
 */
@Path("/payments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "basic")
public class PaymentResource {

    static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";
    static final String KEY_MESSAGE = "must be 1 to 255 visible ASCII characters";

    @EJB
    PaymentCheckouts checkouts;

    @EJB
    Idempotency idempotency;

    @Inject
    KeysInFlight inFlight;

    @EJB
    PaymentRefunds refunds;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"customer", "staff"})
    public Response create(
            @HeaderParam("Idempotency-Key") @NotBlank @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
            String idempotencyKey,
            @NotNull @Valid CreatePaymentRequest request) {
        IdempotencyKey key = new IdempotencyKey(security.getUserPrincipal().getName(), idempotencyKey);
        return once(key, request, () -> {
            CheckoutView view = checkouts.create(command(request), key);
            URI location = uriInfo.getBaseUriBuilder().path("payments").queryParam("checkout_id", view.checkoutId()).build();
            return Response.created(location).entity(view).build();
        });
    }

    @POST
    @Path("/{payment_order_id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"customer", "staff"})
    public Response refund(
            @PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId,
            @HeaderParam("Idempotency-Key") @NotBlank @Pattern(regexp = KEY_PATTERN, message = KEY_MESSAGE)
            String idempotencyKey,
            @NotNull @Valid RefundRequest request) {
        IdempotencyKey key = new IdempotencyKey(security.getUserPrincipal().getName(), idempotencyKey);
        // the refund id is derived from the key: a retry after a lost answer refunds once at the PSP
        String refundId = "rf_" + Idempotency.hash(key.principal() + ":" + key.key()).substring(0, 32);
        return once(key, request, () -> {
            Money amount = Money.parse(request.amount(), request.currency(), "amount", "currency");
            RefundView view = refunds.refund(paymentOrderId, refundId, amount, viewer(), key);
            return Response.status(Response.Status.CREATED).entity(view).build();
        });
    }

    /**
     * Runs {@code work} at most once per Idempotency-Key, replaying its first response. The request
     * a key stands for is the target AND the body: a key first used to refund one order and then
     * sent, with the same body, to refund another (or to create a checkout) is a different request
     * (422), never a replay of the first answer as if the second had been done.
     */
    private Response once(IdempotencyKey key, Object request, java.util.function.Supplier<Response> work) {
        inFlight.enter(key);
        try {
            Claim claim = claim(key, Idempotency.hash("POST " + uriInfo.getPath() + "\n" + ReckonJson.toJson(request)));
            if (claim instanceof Claim.Replay replay) {
                return Response.status(replay.status()).type(MediaType.APPLICATION_JSON).entity(replay.body())
                        .header("Idempotent-Replayed", "true").build();
            }
            if (claim instanceof Claim.InProgress) {
                throw new ReckonException(ErrorCode.CONFLICT,
                        "a request with this Idempotency-Key is still being processed; retry shortly", "Idempotency-Key");
            }
            if (claim instanceof Claim.Mismatch) {
                throw new ReckonException(ErrorCode.UNPROCESSABLE,
                        "this Idempotency-Key was used for a different request", "Idempotency-Key");
            }
            try {
                return work.get();
            } catch (RuntimeException e) {
                release(key, e);
                throw e;
            }
        } finally {
            inFlight.leave(key);
        }
    }

    /**
     * Frees the key of a request that failed, so a retry runs it. When even that cannot reach the
     * database, the client still hears the first failure, and the claim left behind is abandoned
     * (this request no longer runs): the next attempt on this server takes it over at once.
     */
    private void release(IdempotencyKey key, RuntimeException failure) {
        try {
            idempotency.release(key);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }


    /** {@code POST /v1/payments/{id}/refunds}: amount as a decimal string in the payment's currency. */
    public record RefundRequest(@NotBlank String amount, @NotBlank String currency) {
    }

    @GET
    @RolesAllowed({"customer", "staff"})
    public CheckoutView byCheckout(@QueryParam("checkout_id") @NotBlank @Size(max = 100) String checkoutId) {
        return checkouts.checkout(checkoutId, viewer());
    }

    @GET
    @Path("/{payment_order_id}")
    @RolesAllowed({"customer", "staff"})
    public CheckoutView.OrderView order(@PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId) {
        return checkouts.order(paymentOrderId, viewer());
    }

    @GET
    @Path("/{payment_order_id}/history")
    @RolesAllowed("staff")
    public Listing<HistoryEntry> history(@PathParam("payment_order_id") @Size(min = 1, max = 100) String paymentOrderId) {
        return Listing.all(checkouts.history(paymentOrderId).stream().map(HistoryEntry::of).toList());
    }

    private Claim claim(IdempotencyKey key, String hash) {
        try {
            return idempotency.claim(key, hash);
        } catch (EJBException | PersistenceException e) {
            if (duplicateKey(e)) {
                return new Claim.InProgress(); // a concurrent first request inserted the same key a moment earlier
            }
            throw e; // anything else (the database is down, say) is not a conflict
        }
    }

    /** True when the failure is the idempotency record's primary key violated (SQLSTATE 23505). */
    static boolean duplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
