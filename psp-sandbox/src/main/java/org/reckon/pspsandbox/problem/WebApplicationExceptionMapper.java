package org.reckon.pspsandbox.problem;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Errors JAX-RS raises itself: unknown route (404), wrong method (405, keeping Allow), bad
 * content type (415), unacceptable Accept (406). A 5xx is ours and goes to
 * {@link UnexpectedExceptionMapper}.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        return problem(e, uriInfo);
    }

    static Response problem(WebApplicationException e, UriInfo uriInfo) {
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(e, uriInfo);
        }
        PspError error = PspError.forStatus(status);
        String detail = e instanceof NotFoundException
                ? "No resource at " + Problems.instance(uriInfo)
                : ownMessage(e) ? e.getMessage() : error.title();
        Response.ResponseBuilder builder = Response.fromResponse(Problems.response(error, detail, uriInfo)).status(status);
        if (e instanceof NotAllowedException) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    /** A message someone wrote for the client, not RESTEasy's coded one or the bare "HTTP 405 ...". */
    private static boolean ownMessage(WebApplicationException e) {
        String m = e.getMessage();
        return m != null && !m.startsWith("HTTP ") && !m.startsWith("RESTEASY");
    }
}
