package org.reckon.platform.web.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.reckon.shared.ProblemCode;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * A business failure: its error code decides the status, its field becomes the violation. A
 * FORBIDDEN decided in code (not by a role check) for a caller who did not authenticate is a 401
 * with the Basic challenge, like the role checks' (an anonymous caller is not forbidden, it is
 * unknown); every 401 carries the challenge, every 503 a Retry-After.
 */
@Provider
public class ReckonExceptionMapper implements ExceptionMapper<ReckonException> {

    static final String RETRY_AFTER = "Retry-After";
    static final String RETRY_SECONDS = "5";

    @Context
    UriInfo uriInfo;

    @Context
    SecurityContext securityContext;

    @Override
    public Response toResponse(ReckonException e) {
        return problem(e, uriInfo, securityContext);
    }

    static Response problem(ReckonException e, UriInfo uriInfo, SecurityContext securityContext) {
        boolean anonymous = securityContext == null || securityContext.getUserPrincipal() == null;
        ProblemCode code = e.code() == ErrorCode.FORBIDDEN && anonymous ? ErrorCode.AUTHENTICATION_REQUIRED : e.code();
        List<ProblemDetails.Violation> violations = e.field() == null
                ? List.of()
                : List.of(new ProblemDetails.Violation(e.field(), e.getMessage()));
        Response problem = Problems.response(code, e.getMessage(), uriInfo, null, violations);
        if (code.status() == 401) {
            return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, WebApplicationExceptionMapper.CHALLENGE).build();
        }
        // a database or search outage passes: the client may send the same request again
        return code.status() == 503 ? Response.fromResponse(problem).header(RETRY_AFTER, RETRY_SECONDS).build() : problem;
    }
}
