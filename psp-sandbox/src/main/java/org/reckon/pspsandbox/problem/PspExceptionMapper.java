package org.reckon.pspsandbox.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A typed failure: its error decides the status, its violations name the fields. */
@Provider
public class PspExceptionMapper implements ExceptionMapper<PspException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(PspException e) {
        return Problems.response(e.error(), e.getMessage(), uriInfo, e.violations());
    }
}
