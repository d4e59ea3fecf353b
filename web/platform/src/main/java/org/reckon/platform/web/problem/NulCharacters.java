package org.reckon.platform.web.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * No text of the API may hold U+0000: PostgreSQL refuses it in text and varchar ("invalid byte
 * sequence for encoding UTF8: 0x00"), which turned an id like {@code %00} into a 500. Refused as
 * a 400 wherever it comes from: the path or a query parameter ({@code %00}) here, a JSON string
 * ({@code \u0000}) in {@link JsonBodies}, so every field of every body is covered.
 */
@Provider
@PreMatching
public class NulCharacters implements ContainerRequestFilter {

    @Context
    UriInfo uriInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (uri.getPath(true).indexOf('\0') >= 0) {
            request.abortWith(ReckonExceptionMapper.problem(nul("path"), uriInfo, null)); // not an authorization question: no security context needed
            return;
        }
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters(true).entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                request.abortWith(ReckonExceptionMapper.problem(nul(parameter.getKey().replace('\0', '?')), uriInfo, null)); // not an authorization question: no security context needed
                return;
            }
        }
    }

    public static ReckonException nul(String field) {
        return new ReckonException(ErrorCode.VALIDATION_FAILED, "must not contain the NUL character (U+0000)", field);
    }
}
