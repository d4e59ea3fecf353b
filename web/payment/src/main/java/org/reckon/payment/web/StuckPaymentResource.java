package org.reckon.payment.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.reckon.payment.CheckoutViews;
import org.reckon.payment.StuckPayments;
import org.reckon.payment.api.CheckoutView;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.Listing;

/** Staff: payment orders that have not reached a final state within a threshold (default 15 min). */
@Path("/admin/payments/stuck")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
@SecurityRequirement(name = "basic")
public class StuckPaymentResource {

    static final Duration LONGEST = Duration.ofDays(36_500);

    @EJB
    StuckPayments stuckPayments;

    @GET
    public Listing<CheckoutView.OrderView> stuck(@QueryParam("older_than") @DefaultValue("PT15M") String olderThan,
                                              @QueryParam("max") @DefaultValue("100") @Min(1) @Max(1000) int max) {
        Duration threshold;
        try {
            threshold = Duration.parse(olderThan);
        } catch (DateTimeParseException e) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be an ISO-8601 duration like PT15M", "older_than");
        }
        if (threshold.isNegative()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must not be negative", "older_than");
        }
        if (threshold.compareTo(LONGEST) > 0) {
            // now minus a billion days is no timestamp PostgreSQL can compare with
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be at most " + LONGEST.toDays() + " days", "older_than");
        }
        return Listing.capped(stuckPayments.stuck(threshold, max).stream().map(CheckoutViews::order).toList(), max);
    }
}
