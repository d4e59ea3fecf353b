package org.reckon.hotel.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.reckon.hotel.Availability;
import org.reckon.hotel.AvailabilityView;
import org.reckon.hotel.HotelCatalog;
import org.reckon.hotel.HotelView;
import org.reckon.hotel.NewRoomType;
import org.reckon.hotel.Page;
import org.reckon.hotel.ReservationView;
import org.reckon.hotel.Reservations;
import org.reckon.hotel.RoomTypeView;
import org.reckon.hotel.RoomView;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.Listing;

/**
 * The hotel, room and rate service (chapter 7, Table 7.1) and availability. Reads are public;
 * creating, changing and deleting are staff only, as is the hotel's list of upcoming
 * reservations (the chapter's hotel management service).
 */
@Path("/hotels")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class HotelResource {

    private static final String ID = "[A-Za-z0-9-]{1,64}";

    @EJB
    HotelCatalog catalog;

    @EJB
    Availability availability;

    @EJB
    Reservations reservations;

    @Context
    UriInfo uriInfo;

    @Context
    SecurityContext security;

    @GET
    public Page<HotelView> hotels(@QueryParam("city") @Size(max = 100) String city,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                  @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return catalog.hotels(city == null || city.isBlank() ? null : city.trim(), page, size);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HotelView.class)))
    public Response create(@NotNull @Valid HotelRequest request) {
        HotelView hotel = catalog.create(request.input());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(hotel.hotelId()).build()).entity(hotel).build();
    }

    @GET
    @Path("/{hotel_id: " + ID + "}")
    public HotelView hotel(@PathParam("hotel_id") String hotelId) {
        return catalog.hotel(hotelId);
    }

    @PUT
    @Path("/{hotel_id: " + ID + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public HotelView update(@PathParam("hotel_id") String hotelId, @NotNull @Valid HotelRequest request) {
        return catalog.update(hotelId, request.input());
    }

    @DELETE
    @Path("/{hotel_id: " + ID + "}")
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("hotel_id") String hotelId) {
        catalog.delete(hotelId);
        return Response.noContent().build();
    }

    @GET
    @Path("/{hotel_id: " + ID + "}/room-types")
    public Listing<RoomTypeView> roomTypes(@PathParam("hotel_id") String hotelId) {
        return Listing.all(catalog.roomTypes(hotelId));
    }

    @POST
    @Path("/{hotel_id: " + ID + "}/room-types")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RoomTypeView.class)))
    public Response createRoomType(@PathParam("hotel_id") String hotelId, @NotNull @Valid RoomTypeRequest request) {
        RoomTypeView type = catalog.createRoomType(hotelId, new NewRoomType(request.name(), request.description(),
                request.maxOccupancy(), request.roomNumbers(), request.baseRate()));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(type.roomTypeId()).build()).entity(type).build();
    }

    @PUT
    @Path("/{hotel_id: " + ID + "}/room-types/{room_type_id: " + ID + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public RoomTypeView updateRoomType(@PathParam("hotel_id") String hotelId,
                                       @PathParam("room_type_id") String roomTypeId,
                                       @NotNull @Valid RoomTypeUpdate request) {
        return catalog.updateRoomType(hotelId, roomTypeId, request.name(), request.description(), request.maxOccupancy());
    }

    @DELETE
    @Path("/{hotel_id: " + ID + "}/room-types/{room_type_id: " + ID + "}")
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteRoomType(@PathParam("hotel_id") String hotelId, @PathParam("room_type_id") String roomTypeId) {
        catalog.deleteRoomType(hotelId, roomTypeId);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{hotel_id: " + ID + "}/room-types/{room_type_id: " + ID + "}/rates")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public Map<String, Integer> setRates(@PathParam("hotel_id") String hotelId,
                                         @PathParam("room_type_id") String roomTypeId,
                                         @NotNull @Valid RateRequest request) {
        LocalDate from = Dates.parse(request.startDate(), "start_date");
        LocalDate to = Dates.parse(request.endDate(), "end_date");
        return Map.of("nights_changed", catalog.setRates(hotelId, roomTypeId, from, to, request.rate()));
    }

    @GET
    @Path("/{hotel_id: " + ID + "}/rooms")
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public Listing<RoomView> rooms(@PathParam("hotel_id") String hotelId) {
        return Listing.all(catalog.rooms(hotelId));
    }

    @POST
    @Path("/{hotel_id: " + ID + "}/rooms")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RoomView.class)))
    public Response addRoom(@PathParam("hotel_id") String hotelId, @NotNull @Valid RoomRequest request) {
        RoomView room = catalog.addRoom(hotelId, request.roomTypeId(), request.roomNumber());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(room.roomId()).build()).entity(room).build();
    }

    @PATCH
    @Path("/{hotel_id: " + ID + "}/rooms/{room_id: " + ID + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public RoomView setInService(@PathParam("hotel_id") String hotelId, @PathParam("room_id") String roomId,
                                 @NotNull @Valid RoomRequest.Service request) {
        return catalog.setInService(hotelId, roomId, request.inService());
    }

    /**
     * Which room types can be booked for the stay, at what price per night. From the cache;
     * staff may ask {@code source=database} to compare with PostgreSQL directly.
     */
    @GET
    @Path("/{hotel_id: " + ID + "}/availability")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AvailabilityView.class)))
    @APIResponse(responseCode = "403", description = "source=database asked by someone who is not staff")
    public AvailabilityView availability(@PathParam("hotel_id") String hotelId,
                                         @QueryParam("start_date") String startDate,
                                         @QueryParam("end_date") String endDate,
                                         @QueryParam("rooms") @DefaultValue("1") String rooms,
                                         @QueryParam("source") @DefaultValue("cache") String source) {
        LocalDate start = Dates.parse(startDate, "start_date");
        LocalDate end = Dates.parse(endDate, "end_date");
        Integer count = rooms.matches("-?\\d{1,6}") ? Integer.valueOf(rooms) : null;
        if (count == null) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be a whole number", "rooms");
        }
        if ("database".equals(source)) {
            if (!security.isUserInRole("staff")) {
                throw new ReckonException(ErrorCode.FORBIDDEN, "only staff may bypass the availability cache", "source");
            }
            return availability.fromDatabase(hotelId, start, end, count);
        }
        if (!"cache".equals(source)) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be cache or database", "source");
        }
        return availability.fromCache(hotelId, start, end, count);
    }

    /** Staff: the hotel's reservations whose stay has not ended before {@code from} (default today). */
    @GET
    @Path("/{hotel_id: " + ID + "}/reservations")
    @RolesAllowed("staff")
    @SecurityRequirement(name = "basic")
    public Listing<ReservationView> upcoming(@PathParam("hotel_id") String hotelId,
                                                       @QueryParam("from") String from,
                                                       @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        LocalDate since = Dates.parse(from, "from");
        return Listing.capped(reservations.upcoming(hotelId, since == null ? LocalDate.now(java.time.ZoneOffset.UTC) : since, size), size);
    }
}
