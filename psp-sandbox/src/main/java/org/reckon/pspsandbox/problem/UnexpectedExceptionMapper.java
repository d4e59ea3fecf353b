package org.reckon.pspsandbox.problem;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else. A body that does not parse is the client's fault (400); its parser message
 * is NOT echoed, because a confirm body carries card data and parser messages quote input. An
 * exception an EJB wrapped is unwrapped; anything left is a 500 whose error id is also logged.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PspException psp) {
                return Problems.response(psp.error(), psp.getMessage(), uriInfo, psp.violations());
            }
            if (cause instanceof WebApplicationException web && cause != e) {
                return WebApplicationExceptionMapper.problem(web, uriInfo);
            }
            if (cause instanceof JsonParsingException parsing) {
                String where = parsing.getLocation() == null ? ""
                        : " (line " + parsing.getLocation().getLineNumber() + ", column " + parsing.getLocation().getColumnNumber() + ")";
                return Problems.response(PspError.MALFORMED_REQUEST, "The request body is not valid JSON" + where, uriInfo);
            }
            if (cause instanceof JsonbException || cause.getClass().getName().equals("org.jboss.resteasy.spi.ReaderException")) {
                return Problems.response(PspError.MALFORMED_REQUEST,
                        "The request body does not match this resource's JSON (strings for amounts and ids, snake_case names)", uriInfo);
            }
            if (!(cause instanceof EJBException) && !(cause instanceof ProcessingException)) {
                break;
            }
        }
        return internalError(e, uriInfo);
    }

    static Response internalError(Throwable e, UriInfo uriInfo) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error_id=" + errorId + " unexpected failure", e);
        return Problems.response(PspError.INTERNAL_ERROR,
                "An unexpected error occurred; quote error_id " + errorId + " when reporting it", uriInfo);
    }
}
