package org.reckon.platform.web.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * No request body of the API needs more than 1 MiB (the largest, a hotel with its lists, is a few
 * kB), so a larger one is refused with 413 problem+json before it is parsed: a declared length
 * up front, here, before routing; a chunked body by {@link JsonBodies}, which reads no further
 * than one byte past the limit.
 * Without it Undertow's own limit (10 MB) applied, and a 10 MB JSON document was parsed and
 * bound to find out that one of its strings was too long.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    public static final long MAX_BYTES = 1024 * 1024;

    @Context
    UriInfo uriInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BYTES) {
            request.abortWith(ReckonExceptionMapper.problem(tooLarge(), uriInfo, null)); // not an authorization question: no security context needed
        }
    }

    public static ReckonException tooLarge() {
        return new ReckonException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + MAX_BYTES / 1024 + " KiB", "body");
    }
}
