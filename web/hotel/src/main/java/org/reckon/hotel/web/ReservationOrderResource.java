package org.reckon.hotel.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.reckon.hotel.ReservationOrderView;
import org.reckon.hotel.Reservations;
import org.reckon.hotel.domain.Guest;
import org.reckon.hotel.domain.HotelDatabase;
import org.reckon.platform.idempotency.Idempotent;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Booking, step one (chapter 7): quotes a stay under a new, globally unique reservation_id with
 * its price breakdown (nights x rate, taxes, fees, total) for the guest to review. Nothing is
 * reserved yet; {@code POST /v1/reservations} books it. An optional {@code Idempotency-Key}
 * makes a retried quote answer the first one (same reservation_id) instead of issuing another;
 * the keys live in the hotel database.
 */
@Path("/reservation-orders")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"customer", "staff"})
@SecurityRequirement(name = "basic")
public class ReservationOrderResource {

    @EJB
    Reservations reservations;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReservationOrderView.class)))
    @Idempotent(database = HotelDatabase.KEY, required = false)
    public Response quote(@NotNull @Valid ReservationOrderRequest r) {
        String guest = security.getUserPrincipal().getName();
        if (r.guest() != null && !r.guest().equals(guest)) {
            if (!security.isUserInRole("staff")) {
                throw new ReckonException(ErrorCode.FORBIDDEN, "only staff may book for another guest", "guest");
            }
            guest = r.guest();
        }
        ReservationOrderView order = reservations.quote(new Guest(guest, r.guestName().trim(), r.guestEmail().trim()),
                r.hotelId(), r.roomTypeId(), Dates.parse(r.startDate(), "start_date"),
                Dates.parse(r.endDate(), "end_date"), r.numberOfRooms());
        return Response.status(Response.Status.CREATED).entity(order).build();
    }
}
