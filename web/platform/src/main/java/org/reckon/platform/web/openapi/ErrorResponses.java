package org.reckon.platform.web.openapi;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.reckon.platform.contract.ContractContribution;

/**
 * Which error statuses an operation can answer, each as {@code application/problem+json}. The
 * platform answers some for any operation: 400 (parameters), 401 (credentials the realm refuses,
 * even on a public operation: WildFly authenticates any request that carries them), 406, 413 (a
 * body over the limit, whatever the method: {@code BodySizeLimit}), 500 and 503 (the database is
 * down), 404 (a missing resource, or a query parameter JAX-RS cannot convert). The others follow
 * from the operation: 403 when it needs a role, 415 when it takes a body, 409 and 422 when it
 * changes state, 502 when it calls the PSP. Each response lists the codes it may carry.
 */
final class ErrorResponses {

    static final String PROBLEM_JSON = "application/problem+json";

    private ErrorResponses() {
    }

    static void document(String path, PathItem.HttpMethod method, Operation operation) {
        // 429: any client may be rate-limited (failed logins, anonymous requests: RateLimitFilter)
        Set<Integer> statuses = new TreeSet<>(Set.of(400, 401, 406, 413, 429, 500, 503));
        if (operation.getSecurity().stream().anyMatch(r -> r.getSchemes() != null && !r.getSchemes().isEmpty())) {
            statuses.add(403);
        }
        // 404 everywhere: besides a missing resource, RESTEasy answers 404 for a query parameter that
        // does not convert to its Java type (size=abc), before any Reckon code runs
        statuses.add(404);
        if (operation.getRequestBody() != null) {
            statuses.add(415);
        }
        if (method != PathItem.HttpMethod.GET) {
            statuses.addAll(Set.of(409, 422));
        }
        if (path.startsWith("/v1/payments") || path.startsWith("/v1/reservations")) {
            statuses.add(502);
        }
        if (operation.getResponses().getAPIResponses() != null) {
            // errors a resource declares itself (@APIResponse) are problem+json like the rest
            operation.getResponses().getAPIResponses().keySet().stream()
                    .filter(code -> code.matches("[45][0-9][0-9]")).forEach(code -> statuses.add(Integer.parseInt(code)));
        }
        for (int status : statuses) {
            String key = Integer.toString(status);
            APIResponse response = operation.getResponses().getAPIResponse(key);
            if (response == null) {
                response = OASFactory.createAPIResponse().description(description(status));
                operation.getResponses().addAPIResponse(key, response);
            }
            response.content(OASFactory.createContent().addMediaType(PROBLEM_JSON, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(ProblemSchemas.REF))));
        }
    }

    private static String description(int status) {
        return ContractContribution.allProblemCodes(ErrorResponses.class.getClassLoader()).stream().filter(c -> c.status() == status)
                .map(c -> c.name() + " (" + c.title() + ")")
                .collect(Collectors.joining(", ", "Problem details; code is one of ", ""));
    }
}
