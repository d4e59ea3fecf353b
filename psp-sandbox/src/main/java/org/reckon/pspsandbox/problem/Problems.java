package org.reckon.pspsandbox.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Builds problem+json responses; the only place an error becomes an HTTP answer. */
public final class Problems {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final MediaType PROBLEM_JSON_TYPE = MediaType.valueOf(PROBLEM_JSON);

    private Problems() {
    }

    public static ProblemDetails body(PspError error, String detail, String instance, List<Violation> violations) {
        return new ProblemDetails(error.type(), error.title(), error.status(), detail, instance, error.name(),
                violations.isEmpty() ? null : List.copyOf(violations));
    }

    public static Response response(PspError error, String detail, UriInfo uriInfo) {
        return response(error, detail, uriInfo, List.of());
    }

    public static Response response(PspError error, String detail, UriInfo uriInfo, List<Violation> violations) {
        return Response.status(error.status()).type(PROBLEM_JSON_TYPE)
                .entity(body(error, detail, instance(uriInfo), violations)).build();
    }

    public static String instance(UriInfo uriInfo) {
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
