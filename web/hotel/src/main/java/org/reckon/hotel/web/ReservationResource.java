package org.reckon.hotel.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.reckon.hotel.ReservationView;
import org.reckon.hotel.Reservations;
import org.reckon.hotel.domain.Stay;
import org.reckon.payment.api.Viewer;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.Listing;

/**
 * Booking, step two (chapter 7): {@code POST /v1/reservations} books what a reservation order
 * ({@link ReservationOrderResource}) quoted. The reservation_id is the idempotency
 * key: submitting it again (a double click, a retry after a lost answer) returns the same
 * reservation with 200 instead of 201, never a second one. A stay that no longer fits is 409
 * {@code rooms-unavailable}. Customers see and cancel their own reservations; staff any.
 */
@Path("/reservations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"customer", "staff"})
@SecurityRequirement(name = "basic")
public class ReservationResource {

    private static final String ID = "[A-Za-z0-9-]{1,64}";

    @EJB
    Reservations reservations;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Booked", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "200", description = "Booked before with this reservation_id: the same reservation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    public Response book(@NotNull @Valid ReservationRequest r) {
        Stay stay = new Stay(r.hotelId(), r.roomTypeId(), Dates.parse(r.startDate(), "start_date"),
                Dates.parse(r.endDate(), "end_date"), r.numberOfRooms());
        Reservations.Booking booking = reservations.book(r.reservationId(), stay, r.walletAccount(), viewer());
        if (!booking.created()) {
            return Response.ok(booking.reservation()).build();
        }
        return Response.created(uriInfo.getAbsolutePathBuilder().path(r.reservationId()).build())
                .entity(booking.reservation()).build();
    }

    /** The logged-in guest's reservations, newest first. */
    @GET
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"items", "page", "size", "total"}, properties = {
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = ReservationView.class),
                    @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})))
    @APIResponse(responseCode = "409", description = "a reservation's payment order is still being committed (its branch of the booking's two-phase commit); retry shortly")
    public Listing<ReservationView> mine(@QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return Listing.capped(reservations.of(security.getUserPrincipal().getName(), size), size);
    }

    @GET
    @Path("/{reservation_id: " + ID + "}")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "409", description = "a reservation's payment order is still being committed (its branch of the booking's two-phase commit); retry shortly")
    public ReservationView reservation(@PathParam("reservation_id") String reservationId) {
        return reservations.reservation(reservationId, viewer());
    }

    /** Cancels: a pending reservation is canceled, a paid one refunded. */
    @DELETE
    @Path("/{reservation_id: " + ID + "}")
    public ReservationView cancel(@PathParam("reservation_id") String reservationId) {
        return reservations.cancel(reservationId, viewer());
    }

    private Viewer viewer() {
        return new Viewer(security.getUserPrincipal().getName(), security.isUserInRole("staff"));
    }
}
