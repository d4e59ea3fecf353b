package org.reckon.pspsandbox.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.reckon.pspsandbox.fault.FaultSettings;
import org.reckon.pspsandbox.fault.Faults;
import org.reckon.pspsandbox.fault.Injection;
import org.reckon.pspsandbox.fault.Injections;

/**
 * The fault switches. Not {@code @FaultInjected}: a test must always be able to turn faults off.
 * PUT replaces the whole configuration; an absent field takes its default.
 */
@Path("api/v1/faults")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    @Inject
    Faults faults;

    @Inject
    Injections injections;

    @GET
    public FaultSettings current() {
        return faults.current();
    }

    /** What the switches did (newest last), optionally for one payment's nonce. */
    @GET
    @Path("injections")
    public List<Injection> injections(@QueryParam("nonce") String nonce) {
        return injections.list(nonce);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public FaultSettings replace(FaultSettings.Update update) {
        return faults.replace(PaymentResource.required(update).toSettings());
    }

    @POST
    @Path("reset")
    public FaultSettings reset() {
        return faults.reset();
    }
}
