package org.reckon.pspsandbox.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.reckon.pspsandbox.problem.ProblemDetails;
import org.reckon.pspsandbox.problem.Problems;
import org.reckon.pspsandbox.problem.PspError;

/**
 * Applies the fault switches around {@link FaultInjected} resources. Before the resource: the
 * latency, then the error roll (503 and the resource never runs). After it: the drop roll, made
 * before the work but applied after it, so the work has committed (resources call transactional
 * beans that commit on return) and only the answer is replaced by a 504. Each injection is
 * recorded in {@link Injections}.
 */
@Provider
@FaultInjected
@ApplicationScoped
public class FaultInjectionFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String DROP = FaultInjectionFilter.class.getName() + ".drop";

    private static final String NONCE = FaultInjectionFilter.class.getName() + ".nonce";

    @Inject
    Faults faults;

    @Inject
    Injections injections;

    @Override
    public void filter(ContainerRequestContext request) {
        FaultSettings settings = faults.current();
        if (settings.latencyMillis() > 0) {
            injections.record(Injections.DELAYED, request.getMethod(), path(request), nonce(request));
            sleep(settings.latencyMillis());
        }
        if (roll(settings.errorRate())) {
            injections.record(Injections.ERROR, request.getMethod(), path(request), nonce(request));
            request.abortWith(problem(PspError.INJECTED_FAILURE,
                    "Injected failure (error_rate " + settings.errorRate() + "): nothing was done; retry", request));
        } else if (roll(settings.dropResponseRate())) {
            request.setProperty(DROP, Boolean.TRUE);
            request.setProperty(NONCE, nonce(request));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DROP) == null) {
            return;
        }
        injections.record(Injections.DROPPED_RESPONSE, request.getMethod(), path(request),
                (String) request.getProperty(NONCE));
        Response lost = problem(PspError.RESPONSE_LOST,
                "Injected lost response (drop_response_rate): the request may have been processed; retry it to find out", request);
        response.setStatus(lost.getStatus());
        response.getHeaders().clear();
        response.setEntity(lost.getEntity(), new Annotation[0], Problems.PROBLEM_JSON_TYPE);
    }

    private static Response problem(PspError error, String detail, ContainerRequestContext request) {
        ProblemDetails body = Problems.body(error, detail, request.getUriInfo().getRequestUri().getRawPath(), List.of());
        return Response.status(error.status()).type(Problems.PROBLEM_JSON_TYPE).entity(body).build();
    }

    private static String path(ContainerRequestContext request) {
        return request.getUriInfo().getRequestUri().getRawPath();
    }

    /**
     * The payment a request concerns: {@code payments/{nonce}...} in the path, or the
     * {@code nonce} of a JSON body (registration), which is read and put back for the resource.
     */
    private static String nonce(ContainerRequestContext request) {
        List<String> segments = request.getUriInfo().getPathSegments().stream().map(s -> s.getPath()).toList();
        int payments = segments.indexOf("payments");
        if (payments >= 0 && payments + 1 < segments.size()) {
            return segments.get(payments + 1);
        }
        if (!request.hasEntity()) {
            return null;
        }
        try {
            byte[] body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                JsonValue value = reader.readValue();
                return value instanceof JsonObject o ? o.getString("nonce", null) : null;
            }
        } catch (IOException | JsonException e) {
            return null; // not JSON: the resource answers it; the injection is still recorded
        }
    }

    private static boolean roll(double rate) {
        return rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
