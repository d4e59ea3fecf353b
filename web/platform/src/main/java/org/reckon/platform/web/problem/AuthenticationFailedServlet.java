package org.reckon.platform.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.reckon.platform.json.ReckonJson;
import org.reckon.shared.ErrorCode;

/**
 * The error page of every 401 the server itself sends (web.xml), that is when credentials were
 * presented and refused: a wrong password or an unknown user. WildFly's BASIC mechanism answers
 * before JAX-RS runs, with a challenge and an HTML body; this turns the body into the same RFC 9457
 * problem as every other error, keeping the challenge. (401s decided by JAX-RS, for anonymous
 * callers, are rendered by {@link WebApplicationExceptionMapper} and never come here.)
 */
@WebServlet("/errors/authentication-failed")
public class AuthenticationFailedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @jakarta.inject.Inject
    org.reckon.platform.web.security.RateLimits limits;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String address = request.getRemoteAddr();
        String user = org.reckon.platform.web.security.RateLimits.basicUser(request.getHeader("Authorization"));
        if (user != null && !limits.exempt(address)) {
            long wait = limits.failedLogin(address, user);
            if (wait > 0) { // the limit of failed logins is reached: 429 until the window ends, whatever the password
                Object at = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                response.reset();
                org.reckon.platform.web.security.RateLimitFilter.tooMany(new jakarta.servlet.http.HttpServletRequestWrapper(request) {
                    @Override
                    public String getRequestURI() {
                        return at == null ? super.getRequestURI() : at.toString();
                    }
                }, response, wait, "too many failed logins for " + user + " from this client");
                return;
            }
        }
        ErrorCode code = ErrorCode.AUTHENTICATION_REQUIRED;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetails body = new ProblemDetails(code.type(), code.title(), code.status(),
                "The credentials were not accepted", uri == null ? null : uri.toString(), code.name(), null, null);
        response.setStatus(code.status());
        if (!response.containsHeader("WWW-Authenticate")) {
            response.setHeader("WWW-Authenticate", WebApplicationExceptionMapper.CHALLENGE);
        }
        // bytes, not a writer: JSON is UTF-8 by definition, and the media type stays exactly
        // application/problem+json, as everywhere else (a writer would add ";charset=UTF-8")
        response.setContentType(Problems.PROBLEM_JSON.toString());
        response.getOutputStream().write(ReckonJson.toJson(body).getBytes(StandardCharsets.UTF_8));
    }
}
