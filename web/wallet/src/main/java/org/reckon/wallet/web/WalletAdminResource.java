package org.reckon.wallet.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.wallet.WalletChecks;

/**
 * Staff checks of the event-sourced wallet: rebuild every partition from its event list (from
 * the beginning and from the latest snapshot) and compare with the live state; money
 * conservation; and a snapshot now.
 */
@Path("/admin/wallet")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class WalletAdminResource {

    @EJB
    WalletChecks checks;

    @GET
    @Path("/rebuild-check")
    public WalletChecks.RebuildCheck rebuildCheck() {
        return checks.rebuildCheck();
    }

    @GET
    @Path("/invariants")
    public WalletChecks.Invariants invariants() {
        return checks.invariants();
    }

    /** How far each partition's read models (balance view, history) are behind its event list. */
    @GET
    @Path("/read-models")
    public java.util.List<WalletChecks.ReadModelLag> readModels() {
        return checks.readModelLag();
    }

    /** Snapshots every partition now; answers the event each snapshot was taken at, by partition. */
    @POST
    @Path("/snapshots")
    public java.util.List<WalletChecks.SnapshotTaken> snapshot() {
        return checks.snapshot();
    }
}
