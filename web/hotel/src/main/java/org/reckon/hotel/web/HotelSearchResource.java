package org.reckon.hotel.web;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.reckon.hotel.search.HotelSearch;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.Listing;

/**
 * Public hotel search: free text and an optional city, and, given a stay, only hotels with a
 * bookable room type, with the lowest nightly price. Its own resource class at
 * {@code /hotels/search}, so it never competes with {@code /hotels/{hotel_id}}. 503 when the
 * search cluster is down.
 */
@Path("/hotels/search")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class HotelSearchResource {

    @EJB
    HotelSearch hotelSearch;

    @GET
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"items", "page", "size", "total"}, properties = {
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = HotelSearch.Item.class),
                    @SchemaProperty(name = "page", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "size", type = SchemaType.INTEGER, format = "int32"),
                    @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})))
    public Listing<?> search(@QueryParam("q") @Size(max = 200) String q,
                                     @QueryParam("city") @Size(max = 100) String city,
                                     @QueryParam("start_date") String startDate,
                                     @QueryParam("end_date") String endDate,
                                     @QueryParam("rooms") @DefaultValue("1") String rooms,
                                     @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                                     @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        HotelSearch.Result found = hotelSearch.hotels(q == null || q.isBlank() ? null : q.trim(),
                city == null || city.isBlank() ? null : city.trim(),
                Dates.parse(startDate, "start_date"), Dates.parse(endDate, "end_date"), integer(rooms, "rooms"),
                page, size);
        return Listing.page(found.items(), page, size, found.total());
    }

    private static int integer(String value, String field) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be a whole number", field);
        }
    }
}
