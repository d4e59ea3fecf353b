package org.reckon.web.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.reckon.shared.ReckonException;

/** A business failure: its error code decides the status, its field becomes the violation. */
@Provider
public class ReckonExceptionMapper implements ExceptionMapper<ReckonException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ReckonException e) {
        return problem(e, uriInfo);
    }

    static Response problem(ReckonException e, UriInfo uriInfo) {
        List<ProblemDetails.Violation> violations = e.field() == null
                ? List.of()
                : List.of(new ProblemDetails.Violation(e.field(), e.getMessage()));
        return Problems.response(e.code(), e.getMessage(), uriInfo, null, violations);
    }
}
