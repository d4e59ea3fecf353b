package org.reckon.platform.web.search;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.platform.search.SearchGateway;
import org.reckon.platform.search.SearchHit;
import org.reckon.shared.Listing;

/**
 * Staff full-text search over any platform index ({@code hotels}, {@code reservations}, ...),
 * and, for admins, putting a document into an index by hand (repairs, re-indexing tools).
 * Answers 503 problem+json when the search cluster is down; nothing else depends on it.
 */
@Path("/search")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class SearchResource {

    @Inject
    SearchGateway search;

    @GET
    @Path("/{index}")
    public Listing<SearchHit> search(
            @PathParam("index") @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,49}",
                    message = "must be 1 to 50 lowercase letters, digits, '-' or '_'") String index,
            @QueryParam("q") @NotBlank @Size(max = 500) String query,
            @QueryParam("size") @DefaultValue("10") @Min(1) @Max(100) int size) {
        return Listing.capped(search.search(index, query, size), size);
    }

    @PUT
    @Path("/{index}/documents/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public IndexedDocument put(
            @PathParam("index") @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,49}",
                    message = "must be 1 to 50 lowercase letters, digits, '-' or '_'") String index,
            @PathParam("id") @Size(min = 1, max = 200) String id,
            @Valid @NotNull DocumentRequest request) {
        search.index(index, id, Map.<String, Object>copyOf(request.fields()), Boolean.TRUE.equals(request.visibleOnReturn()));
        return new IndexedDocument(index, id);
    }

    /** A document: its text fields by name. */
    public record DocumentRequest(@NotNull @Size(min = 1, max = 100) Map<String, @NotNull @Size(max = 10_000) String> fields,
                                  Boolean visibleOnReturn) {
    }

    public record IndexedDocument(String index, String id) {
    }
}
