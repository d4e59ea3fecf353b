package org.reckon.hotel.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.hotel.search.IndexLag;
import org.reckon.hotel.search.LagStatistics;

/**
 * Staff: the index-lag metric, commit to searchable, per index, since this server started:
 * {@code {"hotels":{"count":..,"last_millis":..,"max_millis":..,"p99_millis":..,"window":..}}}.
 */
@Path("/admin/search/lag")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class SearchLagResource {

    @Inject
    IndexLag lag;

    @GET
    public Map<String, LagStatistics.Snapshot> lag() {
        return lag.snapshot();
    }
}
