package org.reckon.hotel.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.util.Map;
import org.reckon.hotel.search.HotelSearch;
import org.reckon.shared.Listing;

/** Staff: reservations by guest name, e-mail, username or reservation id, from the search index. */
@Path("/admin/reservations/search")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class ReservationSearchResource {

    @EJB
    HotelSearch hotelSearch;

    @GET
    @APIResponse(responseCode = "200", description = "items are the reservations' search documents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"items", "page", "size", "total"}, properties = {
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = Map.class),
                    @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})))
    public Listing<?> search(@QueryParam("q") @Size(max = 200) String q,
                                     @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                                     @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        HotelSearch.Result found = hotelSearch.reservations(q == null || q.isBlank() ? null : q.trim(), page, size);
        return Listing.page(found.items(), page, size, found.total());
    }
}
