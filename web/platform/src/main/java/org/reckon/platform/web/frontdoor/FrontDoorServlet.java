package org.reckon.platform.web.frontdoor;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /front-door}: what the landing page ({@code /index.html}) cannot know by itself, as JSON.
 * The PSP sandbox link appears only where the sandbox is deployed (dev and test, never prod), so
 * the page asks the servlet container instead of trusting an environment name; metrics live on
 * the management port, whose number depends on the server's port offset. A servlet, not a JAX-RS
 * resource: it is no part of the API contract at {@code /openapi}.
 */
@WebServlet("/front-door")
public class FrontDoorServlet extends HttpServlet {

    static final String SANDBOX_PATH = "/psp-sandbox";

    private static final long serialVersionUID = 1L;
    private static final jakarta.json.JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder links = JSON.createObjectBuilder()
                .add("booking", "/hotels/")
                .add("api_docs", "/api-docs/")
                .add("openapi", "/openapi")
                .add("health", "/health")
                .add("health_live", "/health/live")
                .add("health_ready", "/health/ready")
                .add("management_port", managementPort())
                .add("metrics_path", "/prometheus");
        if (sandboxDeployed()) {
            links.add("psp_sandbox", SANDBOX_PATH + "/");
        } else {
            links.addNull("psp_sandbox");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(links.build().toString());
    }

    /**
     * Undertow answers getContext with the deployment whose context path is the longest prefix of
     * the path: Reckon itself ("/") when the sandbox is not deployed. Hence the path comparison.
     */
    private boolean sandboxDeployed() {
        ServletContext sandbox = getServletContext().getContext(SANDBOX_PATH);
        return sandbox != null && SANDBOX_PATH.equals(sandbox.getContextPath());
    }

    private static int managementPort() {
        return Integer.getInteger("jboss.management.http.port", 9990) + Integer.getInteger("jboss.socket.binding.port-offset", 0);
    }
}
