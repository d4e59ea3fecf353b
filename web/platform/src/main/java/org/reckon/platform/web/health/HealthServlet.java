package org.reckon.platform.web.health;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} on the application port, in the
 * MicroProfile Health format, for load balancers and operators. WildFly's own MicroProfile Health
 * on the management port (9990) reports the server's state (boot errors, deployments).
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthServlet extends HttpServlet {

    /** Looked up once: Json.create...() searches for the provider on every call, under a lock. */
    private static final jakarta.json.JsonBuilderFactory JSON = Json.createBuilderFactory(java.util.Map.of());

    private static final long serialVersionUID = 1L;

    @Inject
    @Readiness
    transient Instance<HealthCheck> readiness;

    @Inject
    @Liveness
    transient Instance<HealthCheck> liveness;

    @Inject
    transient ReadinessChecks readinessChecks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<HealthCheck> checks = new ArrayList<>();
        switch (path) {
            case "", "/" -> {
                liveness.forEach(checks::add);
                checks.addAll(readinessChecks.databaseChecks());
                readiness.forEach(checks::add);
            }
            case "/live" -> liveness.forEach(checks::add);
            case "/ready" -> {
                checks.addAll(readinessChecks.databaseChecks());
                readiness.forEach(checks::add);
            }
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        boolean up = true;
        JsonArrayBuilder results = JSON.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse result = check.call();
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder entry = JSON.createObjectBuilder()
                    .add("name", result.getName())
                    .add("status", result.getStatus().name());
            result.getData().ifPresent(data -> {
                JsonObjectBuilder d = JSON.createObjectBuilder();
                data.forEach((k, v) -> d.add(k, String.valueOf(v)));
                entry.add("data", d);
            });
            results.add(entry);
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("checks", results)
                .build()
                .toString());
    }
}
