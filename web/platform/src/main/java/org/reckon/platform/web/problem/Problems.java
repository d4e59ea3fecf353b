package org.reckon.platform.web.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.reckon.shared.ProblemCode;
import org.reckon.shared.ErrorCode;

/** Builds problem+json responses; the only place an error becomes an HTTP answer. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private Problems() {
    }

    public static Response response(ProblemCode code, String detail, UriInfo uriInfo) {
        return response(code, detail, uriInfo, null, List.of());
    }

    public static Response response(ProblemCode code, String detail, UriInfo uriInfo, String errorId,
                                    List<ProblemDetails.Violation> violations) {
        ProblemDetails body = new ProblemDetails(code.type(), code.title(), code.status(), detail,
                instance(uriInfo), code.name(), errorId, violations.isEmpty() ? null : List.copyOf(violations));
        return Response.status(code.status()).type(PROBLEM_JSON).entity(body).build();
    }

    private static String instance(UriInfo uriInfo) {
        if (uriInfo == null) {
            return null;
        }
        try {
            return uriInfo.getRequestUri().getRawPath();
        } catch (IllegalStateException outsideRequest) {
            return null;
        }
    }
}
