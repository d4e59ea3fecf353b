package org.reckon.wallet.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.Listing;
import org.reckon.shared.ReckonException;
import org.reckon.platform.longpoll.Resume;
import org.reckon.platform.longpoll.ResumeThreads;
import org.reckon.shared.money.Money;
import org.reckon.wallet.AccountView;
import org.reckon.wallet.Caller;
import org.reckon.wallet.Protocol;
import org.reckon.wallet.TopUps;
import org.reckon.wallet.TransactionView;
import org.reckon.wallet.TransferView;
import org.reckon.wallet.Wallets;

/**
 * The digital wallet (chapter 12): open accounts, read balances (as of any event or instant) and
 * histories, and the book's balance transfer. A customer sees and moves their own accounts
 * (another's is 404, moving out of another's is 403); staff any.
 */
@Path("/wallet")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"customer", "staff"})
@SecurityRequirement(name = "basic")
public class WalletResource {

    private static final String ID = "[A-Za-z0-9-]{1,64}";

    @EJB
    Wallets wallets;

    @EJB
    TopUps topUps;

    @Inject
    ResumeThreads resumeThreads;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    @POST
    @Path("/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    public Response open(@NotNull @Valid OpenAccountRequest request) {
        AccountView account = wallets.open(caller(), Money.currency(request.currency(), "currency"));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(account.accountId()).build()).entity(account).build();
    }

    @GET
    @Path("/accounts")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"items", "page", "size", "total"}, properties = {
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = AccountView.class),
                    @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})))
    public Listing<AccountView> mine() {
        return Listing.all(wallets.mine(caller()));
    }

    /**
     * The balance now, or as of an ISO-8601 instant ({@code as_of}) or after an event of the
     * account's partition ({@code as_of_event}), rebuilt from the event list.
     */
    @GET
    @Path("/accounts/{account_id: " + ID + "}")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    public AccountView account(@PathParam("account_id") String accountId, @QueryParam("as_of") String asOf,
                               @QueryParam("as_of_event") @Min(0) @Max(Integer.MAX_VALUE) Long asOfEvent) {
        if (asOf != null && asOfEvent != null) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "give as_of or as_of_event, not both", "as_of_event");
        }
        return wallets.account(accountId, caller(), asOf == null ? null : instant(asOf), asOfEvent);
    }

    /** Years 1 to 9999: Instant.parse accepts a billion years either way, PostgreSQL stores far fewer. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static Instant instant(String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be an ISO-8601 instant like 2026-12-01T10:15:30Z", "as_of");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be within the years 0001 to 9999", "as_of");
        }
        return instant;
    }

    @GET
    @Path("/accounts/{account_id: " + ID + "}/transactions")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"items", "page", "size", "total"}, properties = {
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = TransactionView.class),
                    @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})))
    public Listing<TransactionView> transactions(@PathParam("account_id") String accountId,
                                                 @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                                 @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return wallets.transactions(accountId, caller(), page, size);
    }

    /**
     * Tops the wallet up from a card: a pay-in through the payment system whose seller is this
     * wallet, answered with its PSP hosted page (null if the PSP has not registered it within a few
     * seconds: then read it at {@code GET /v1/payments/{payment_order_id}}). The wallet is credited
     * when the payment succeeds.
     */
    @POST
    @Path("/accounts/{account_id: " + ID + "}/top-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The pay-in is created; pay on hosted_page_url",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TopUps.TopUpView.class)))
    public Response topUp(@PathParam("account_id") String accountId, @NotNull @Valid TopUpRequest request) {
        TopUps.TopUpView topUp = topUps.start(caller(), accountId, Money.parse(request.amount(), request.currency(), "amount", "currency"));
        return Response.created(uriInfo.getBaseUriBuilder().path("payments").path(topUp.paymentOrderId()).build()).entity(topUp).build();
    }

    /**
     * The book's transfer. {@code protocol} (XA, TCC or SAGA) chooses how a transfer across
     * partitions runs; without it the configured one ({@code reckon.wallet.cross-partition-protocol}).
     */
    @POST
    @Path("/balance_transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Transferred (or the same transfer again: the same answer)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    public void transfer(@NotNull @Valid BalanceTransferRequest r,
                         @QueryParam("protocol") @Pattern(regexp = "XA|TCC|SAGA|xa|tcc|saga") String protocol,
                         @Suspended AsyncResponse async) {
        Money money = Money.parse(r.amount(), r.currency(), "amount", "currency");
        // a transfer waiting for its partition's group commit holds no HTTP worker thread; its answer
        // completes on the partition's writer, which must not write the response itself
        Resume.when(async, wallets.transfer(caller(), r.transactionId(), r.fromAccount(), r.toAccount(), money,
                protocol == null ? null : Protocol.valueOf(protocol.toUpperCase(java.util.Locale.ROOT))), resumeThreads);
    }

    private Caller caller() {
        return new Caller(security.getUserPrincipal().getName(), security.isUserInRole("staff"));
    }
}
