package org.reckon.pspsandbox.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.reckon.pspsandbox.domain.SettlementLine;
import org.reckon.pspsandbox.problem.PspError;
import org.reckon.pspsandbox.problem.PspException;
import org.reckon.pspsandbox.service.Settlements;

/** The settlement file of one UTC day, as CSV: what Reckon's reconciliation reads. */
@Path("api/v1/settlements/{date}")
@RequestScoped
public class SettlementResource {

    @Inject
    Settlements settlements;

    @GET
    @Produces("text/csv; charset=UTF-8")
    public String day(@PathParam("date") String date) {
        return SettlementLine.csv(settlements.of(parse(date)));
    }

    private static LocalDate parse(String date) {
        try {
            return LocalDate.parse(date); // strict ISO yyyy-MM-dd
        } catch (DateTimeParseException e) {
            throw PspException.field(PspError.VALIDATION_FAILED, "date", "must be a date as yyyy-MM-dd");
        }
    }
}
