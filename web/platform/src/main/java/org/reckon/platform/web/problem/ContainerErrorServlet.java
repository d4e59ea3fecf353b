package org.reckon.platform.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.platform.json.ReckonJson;
import org.reckon.shared.ErrorCode;

/**
 * The error page (web.xml) for errors the container answers before JAX-RS runs, so they too are
 * problem+json: a wrong password refused by the BASIC mechanism (401), a request URI RESTEasy
 * cannot decode ({@code %C0%AF}: 400). Without it Undertow wrote a small HTML page.
 */
@WebServlet(ContainerErrorServlet.PATH)
public class ContainerErrorServlet extends HttpServlet {

    static final String PATH = "/problem-error";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ContainerErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorCode error = status == 401 ? ErrorCode.AUTHENTICATION_REQUIRED : ErrorCode.forStatus(status);
        String errorId = null;
        String detail = status == 401 ? "These credentials are not valid here" : error.title();
        if (status >= 500) {
            errorId = java.util.UUID.randomUUID().toString();
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            LOG.log(Level.SEVERE, "error_id=" + errorId + " failure answered by the container",
                    failure instanceof Throwable t ? t : null);
            detail = "An unexpected error occurred; quote error_id " + errorId + " when reporting it";
        }
        ProblemDetails body = new ProblemDetails(error.type(), error.title(), status, detail,
                uri == null ? null : uri.toString(), error.name(), errorId, null);
        response.setStatus(status);
        // bytes, not a Writer: the Content-Type stays exactly application/problem+json, as JAX-RS sends it
        response.setContentType(Problems.PROBLEM_JSON.toString());
        response.getOutputStream().write(ReckonJson.JSONB.toJson(body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
