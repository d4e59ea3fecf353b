package org.reckon.platform.web.problem;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.reckon.shared.ErrorCode;

/**
 * Errors JAX-RS raises itself: unknown route (404), wrong method (405, keeping Allow), bad
 * content type (415), unacceptable Accept (406), unconvertible parameter (400/404), and the role
 * check. An anonymous caller refused by a role check is asked to authenticate (401 with a Basic
 * challenge), an authenticated one is forbidden (403).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    static final String CHALLENGE = "Basic realm=\"Reckon\", charset=\"UTF-8\"";

    @Context
    UriInfo uriInfo;

    @Context
    SecurityContext securityContext;

    @Override
    public Response toResponse(WebApplicationException e) {
        return problem(e, uriInfo, securityContext);
    }

    static Response problem(WebApplicationException e, UriInfo uriInfo, SecurityContext securityContext) {
        if (e instanceof ForbiddenException && (securityContext == null || securityContext.getUserPrincipal() == null)) {
            Response challenge = Problems.response(ErrorCode.AUTHENTICATION_REQUIRED,
                    "This resource needs an authenticated user", uriInfo);
            return Response.fromResponse(challenge).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
        }
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(e, uriInfo);
        }
        ErrorCode code = ErrorCode.forStatus(status);
        Response problem = Problems.response(code, detail(e, code, uriInfo), uriInfo);
        Response.ResponseBuilder builder = Response.fromResponse(problem).status(status);
        if (e instanceof NotAllowedException) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return builder.build();
    }

    private static String detail(WebApplicationException e, ErrorCode code, UriInfo uriInfo) {
        if (e instanceof NotFoundException) {
            return "No resource at " + (uriInfo != null ? uriInfo.getRequestUri().getRawPath() : "this path");
        }
        return e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : code.title();
    }
}
